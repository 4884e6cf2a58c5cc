"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Meta = void 0;
exports.parseIfMatch = parseIfMatch;
exports.setEtag = setEtag;
/** Builds the RequestMeta a command needs from the request: principal, correlation id, and the If-Match revision. */
const common_1 = require("@nestjs/common");
const error_filter_1 = require("./error-filter");
function parseIfMatch(header) {
    if (header === undefined)
        return undefined;
    const value = (Array.isArray(header) ? header[0] : header).trim();
    if (value === '*')
        return undefined;
    const m = /^(?:W\/)?"?(\d{1,18})"?$/.exec(value);
    if (!m)
        throw new error_filter_1.ApiError(400, `Invalid If-Match header "${value}": expected an ETag such as "3".`, 'invalid_headers');
    return BigInt(m[1]);
}
exports.Meta = (0, common_1.createParamDecorator)((_, ctx) => {
    const req = ctx.switchToHttp().getRequest();
    return { principal: req.principal, correlationId: String(req.id), ifMatch: parseIfMatch(req.headers['if-match']) };
});
/** Sets the ETag of a resource: the revision of its stream. */
function setEtag(reply, revision) {
    if (revision !== undefined)
        reply.header('etag', `"${revision}"`);
}
//# sourceMappingURL=request-meta.js.map