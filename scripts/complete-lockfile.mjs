// Some npm mirrors serve only the current platform's optional binaries (e.g. @biomejs/cli-darwin-*),
// and `npm install` then leaves those optional dependencies out of package-lock.json, which makes
// `npm ci` refuse the lock. This restores the missing entries as optional, as the public registry
// would record them; npm skips optional packages it cannot install. Run after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const added = [];
for (const [location, meta] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    packages[hoisted] = {
      version: spec.replace(/^[\^~=]/, ''),
      optional: true,
      ...(meta.dev ? { dev: true } : {}),
    };
    added.push(`${name}@${spec}`);
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(
  added.length ? `restored ${added.length} optional entries: ${added.join(', ')}\n` : 'lockfile complete\n',
);
