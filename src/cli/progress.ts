/** Progress for the CLI, on stderr: a bar with rate and ETA on a terminal, plain lines otherwise. */
import cliProgress from 'cli-progress';
import type { ProgressSink } from '../progress.js';

const PLAIN_INTERVAL_MS = 2000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  return stream.isTTY ? barProgress(stream) : plainProgress(stream);
}

function barProgress(stream: NodeJS.WriteStream): ProgressSink {
  let bar: cliProgress.SingleBar | null = null;
  let value = 0;
  let started = 0;
  let unit = '';
  let label = '';
  const rate = () => fmt(value / Math.max(0.001, (Date.now() - started) / 1000));
  return {
    begin(phase, total, phaseUnit = 'rows') {
      label = phase;
      unit = phaseUnit;
      value = 0;
      started = Date.now();
      bar = new cliProgress.SingleBar(
        {
          stream,
          // Without a total, the phase shows a count only once it has one: never a "0 rows" it did not count.
          format: total
            ? '{label} [{bar}] {percentage}% | {value}/{total} {unit} | {rate}/s | ETA {eta_formatted}'
            : () => (value > 0 ? `${label} | ${fmt(value)} ${unit} | ${rate()}/s` : `${label}…`),
          formatValue: (v, _options, type) => (type === 'value' || type === 'total' ? fmt(v) : String(v)),
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, 0, { label, unit, rate: '0' });
    },
    advance(amount) {
      value += amount;
      bar?.update(value, { rate: rate() });
    },
    end(summary) {
      bar?.update(value, { rate: rate() });
      bar?.stop();
      bar = null;
      if (summary) stream.write(`${summary}\n`);
    },
  };
}

function plainProgress(stream: NodeJS.WriteStream): ProgressSink {
  let value = 0;
  let total: number | undefined;
  let started = 0;
  let lastPrint = 0;
  /** The count the last line printed showed (-1: none yet), so that the end does not print it again. */
  let printed = -1;
  let unit = '';
  let label = '';
  const line = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const pct = total ? ` (${Math.floor((100 * value) / total)}%)` : '';
    const rate = value / seconds;
    const eta = total && rate > 0 && value < total ? `, ETA ${Math.ceil((total - value) / rate)} s` : '';
    return `${label}: ${fmt(value)}${total ? ` / ${fmt(total)}` : ''} ${unit}${pct}, ${fmt(rate)} ${unit}/s${eta}`;
  };
  return {
    begin(phase, phaseTotal, phaseUnit = 'rows') {
      label = phase;
      total = phaseTotal;
      unit = phaseUnit;
      value = 0;
      printed = -1;
      started = lastPrint = Date.now();
      stream.write(`${label}…\n`);
    },
    advance(amount) {
      const tenthsBefore = total ? Math.floor((10 * value) / total) : 0;
      value += amount;
      // A line every few seconds, and one at each tenth of a known total: a log shows the same milestones
      // (which scripts may wait for) whatever the machine's speed.
      const tenth = total ? Math.floor((10 * value) / total) > tenthsBefore : false;
      if (tenth || Date.now() - lastPrint >= PLAIN_INTERVAL_MS) {
        lastPrint = Date.now();
        printed = value;
        stream.write(`${line()}\n`);
      }
    },
    end(summary) {
      // The last line already showed the final count (e.g. its 100% line): nothing new to say.
      if (summary === undefined && value > 0 && printed === value) return;
      // A phase that counted nothing (its work is one statement) says it is done rather than "0 rows".
      stream.write(`${summary ?? (value > 0 || total ? line() : `${label}: done`)}\n`);
    },
  };
}
