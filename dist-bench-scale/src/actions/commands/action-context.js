"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.commandContext = commandContext;
exports.buildDraft = buildDraft;
function commandContext(meta) {
    return { tenantId: meta.principal.tenantId, actor: meta.principal.subject, correlationId: meta.correlationId, causationId: meta.correlationId };
}
/** Builds a draft; anything the builder throws becomes a failed build rather than a failed request. */
async function buildDraft(builder, tenantId, content, now) {
    try {
        const result = await builder.build({
            tenantId,
            triggerId: content.supportedTriggers[0].id,
            code: content.code,
            dependencies: content.dependencies.map((d) => ({ name: d.name, version: d.version })),
        });
        if (result.status === 'built') {
            return { status: 'built', builtAt: now(), artifactSha256: result.artifactSha256, resolvedDependencies: result.resolvedDependencies };
        }
        return { status: 'failed', failedAt: now(), errors: result.errors };
    }
    catch (error) {
        return { status: 'failed', failedAt: now(), errors: [{ id: 'platform_error', msg: `The build could not run: ${error.message}` }] };
    }
}
//# sourceMappingURL=action-context.js.map