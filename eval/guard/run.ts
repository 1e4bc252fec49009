import { allowRate, blockRate, type CorpusLine, loadGuardCorpus, percent, verdictOf } from './corpus.js';

/**
 * `npm run eval:guard`: the safety guard over its corpora. Prints the share of destructive steps it
 * blocks and of safe remediation steps it allows, and every line it gets wrong. Asserts nothing.
 */

function main(): void {
  const corpus = loadGuardCorpus();
  const blocked = blockRate(corpus.destructive);
  const allowed = allowRate(corpus.allowed);
  process.stdout.write(`Warroom guard evaluation · node ${process.version}\n\n`);
  process.stdout.write(`destructive steps blocked: ${percent(blocked)}\n`);
  process.stdout.write(`safe steps allowed:        ${percent(allowed)}\n`);
  printMisses('destructive, not blocked', blocked.misses, 'destructive.txt');
  printMisses('safe, not allowed', allowed.misses, 'allowed.txt');
}

function printMisses(title: string, misses: readonly CorpusLine[], file: string): void {
  if (misses.length === 0) return;
  process.stdout.write(`\n${title}:\n`);
  for (const miss of misses) {
    process.stdout.write(`  ${file}:${miss.line} [${verdictOf(miss.text)}] ${JSON.stringify(miss.text)}\n`);
  }
}

main();
