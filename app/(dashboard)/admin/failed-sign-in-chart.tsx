import type { Overview } from '@/lib/overview/load-overview';

const hourLabel = (date: Date) => `${String(date.getUTCHours()).padStart(2, '0')}:00`;

/** Failed sign-ins per hour as an inline SVG bar chart, with a title, a summary and the numbers as a table. */
export function FailedSignInChart({ data }: { data: Overview['failedByHour'] }) {
  const width = 480;
  const height = 120;
  const bar = width / data.length;
  const max = Math.max(1, ...data.map((d) => d.count));
  const total = data.reduce((sum, d) => sum + d.count, 0);
  const peak = data.reduce((best, d) => (d.count > best.count ? d : best), data[0]!);
  const summary =
    total === 0
      ? 'No failed sign-in in the last 24 hours.'
      : `${total} failed sign-in${total === 1 ? '' : 's'} in the last 24 hours; the busiest hour was ${hourLabel(peak.start)}–${hourLabel(peak.end)} UTC with ${peak.count}.`;
  return (
    <figure className="space-y-2">
      <svg
        role="img"
        aria-labelledby="failed-chart-title failed-chart-desc"
        viewBox={`0 0 ${width} ${height + 16}`}
        className="h-36 w-full max-w-xl"
        data-testid="failed-chart"
      >
        <title id="failed-chart-title">Failed sign-ins per hour, last 24 hours (UTC)</title>
        <desc id="failed-chart-desc">{summary}</desc>
        <line x1="0" y1={height} x2={width} y2={height} className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth="1" />
        {data.map((d, i) => {
          const h = Math.round((d.count / max) * (height - 4));
          return (
            <rect key={i} x={i * bar + 1} y={height - h} width={bar - 2} height={h} className="fill-red-500 dark:fill-red-400">
              <title>{`${hourLabel(d.start)}–${hourLabel(d.end)} UTC: ${d.count}`}</title>
            </rect>
          );
        })}
        {data.map((d, i) =>
          i % 6 === 0 ? (
            <text key={`t${i}`} x={i * bar} y={height + 13} fontSize="10" className="fill-zinc-500">
              {hourLabel(d.start)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="text-sm text-zinc-600 dark:text-zinc-400">{summary}</figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer">The numbers per hour</summary>
        <table className="mt-2 text-left text-xs">
          <caption className="sr-only">Failed sign-ins per hour (UTC)</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-4">
                Hour (UTC)
              </th>
              <th scope="col">Failed sign-ins</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d, i) => (
              <tr key={i}>
                <td className="pr-4 font-mono">
                  {hourLabel(d.start)}–{hourLabel(d.end)}
                </td>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
