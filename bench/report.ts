import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** A target the candidate must meet, decided by the benchmark itself. */
export interface BenchCheck {
  /** e.g. `batchInsert >= 0.8x COPY`. */
  label: string;
  isMet: boolean;
}

/** What one benchmark measured. */
export interface BenchInput {
  /** File name under bench/results, without `.json`. */
  name: string;
  /** The unit of the figures, e.g. `rows/s` or `ms`. */
  unit: string;
  /** Every figure measured, by label. */
  figures: Record<string, number>;
  /** The label of the figure being judged. */
  candidate: string;
  /** The label of the figure it is compared with. */
  baseline: string;
  checks: BenchCheck[];
  /** Sizes and settings of the run, e.g. `{ rows: 100000 }`. */
  parameters: Record<string, number | string | boolean>;
}

/** The JSON file written for a benchmark. */
export interface BenchResult extends BenchInput {
  /** `figures[candidate] / figures[baseline]`. */
  ratio: number;
  date: string;
  machine: {
    cpuModel: string;
    cpuCount: number;
    totalMemoryBytes: number;
    node: string;
    /** 1, 5 and 15-minute load averages when the result was written: how busy the machine was. */
    loadAverage: number[];
  };
}

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

/**
 * Writes `bench/results/<name>.json` with the figures, the ratio of candidate to baseline and the
 * facts of the machine, and returns the result as one Markdown table row (see `markdownHeader`).
 */
export async function writeBenchResult(input: BenchInput): Promise<string> {
  const result: BenchResult = {
    ...input,
    ratio: figure(input, input.candidate) / figure(input, input.baseline),
    date: new Date().toISOString(),
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cpuCount: cpus().length,
      totalMemoryBytes: totalmem(),
      node: process.version,
      loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    },
  };
  await mkdir(resultsDir, { recursive: true });
  await writeFile(`${resultsDir}${input.name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  return markdownRow(result);
}

/** The header of the table that `writeBenchResult` rows belong to. */
export const markdownHeader =
  '| benchmark | candidate | baseline | ratio | targets |\n| --- | --- | --- | --- | --- |';

function markdownRow(result: BenchResult): string {
  const show = (label: string) => `${label}: ${format(figure(result, label))} ${result.unit}`;
  const checks = result.checks
    .map((check) => `${check.isMet ? 'met' : 'MISSED'}: ${check.label}`)
    .join('; ');
  const cells = [result.name, show(result.candidate), show(result.baseline)];
  return `| ${cells.join(' | ')} | ${result.ratio.toFixed(2)}x | ${checks} |`;
}

function figure(input: BenchInput, label: string): number {
  const value = input.figures[label];
  if (value === undefined) {
    throw new RangeError(`Benchmark ${input.name} has no figure named ${label}`);
  }
  return value;
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}
