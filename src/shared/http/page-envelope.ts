/** List envelope with Auth0's paging rules (docs/api.md): `total` only on non-empty pages, `page` left out when 0. */
export function pageEnvelope<T>(key: string, items: T[], total: number, page: number, perPage: number) {
  return {
    ...(items.length > 0 ? { total } : {}),
    ...(page > 0 ? { page } : {}),
    per_page: perPage,
    [key]: items,
  };
}
