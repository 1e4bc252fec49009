import type { PipelineContext } from './context.js';

/** Every service of the estate with its health right now (one probe for all), for people to read. */
export async function servicesNow(ctx: Pick<PipelineContext, 'directory' | 'health' | 'now'>) {
  const names = ctx.directory.names();
  const reports = await ctx.health.probe(names, ctx.now());
  return reports.map((report) => {
    const service = ctx.directory.context(report.service);
    return {
      name: report.service,
      state: report.state,
      owner: service.owner,
      tier: service.tier,
      reasons: report.reasons,
      unmeasured: report.unmeasured,
    };
  });
}
