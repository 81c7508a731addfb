// Judgments per hour over the last 24 hours as a plain server-rendered SVG bar chart (no chart library to ship).
type Bucket = { start: string; count: number };

const WIDTH = 480;
const HEIGHT = 120;
const AXIS = 16;

const hourLabel = (iso: string) => `${iso.slice(11, 13)}:00`;

export function ThroughputChart({ buckets }: { buckets: Bucket[] }) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const slot = WIDTH / Math.max(buckets.length, 1);
  const barWidth = Math.max(2, slot - 3);
  const plot = HEIGHT - AXIS;
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-32 w-full text-bolt-500"
        role="img"
        aria-label={`Judgments per hour, last 24 hours: ${total} in total, at most ${max === 1 && total === 0 ? 0 : max} in one hour.`}
        preserveAspectRatio="none"
      >
        <line x1={0} y1={plot} x2={WIDTH} y2={plot} className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth={1} />
        {buckets.map((bucket, index) => {
          const h = (bucket.count / max) * (plot - 4);
          return (
            <rect key={bucket.start} x={index * slot + 1.5} y={plot - h} width={barWidth} height={h} rx={1.5} fill="currentColor" data-count={bucket.count}>
              <title>{`${hourLabel(bucket.start)} UTC: ${bucket.count}`}</title>
            </rect>
          );
        })}
        {buckets.map((bucket, index) =>
          index % 6 === 0 ? (
            <text key={`t-${bucket.start}`} x={index * slot + 1.5} y={HEIGHT - 3} className="fill-zinc-500 text-[10px]">
              {hourLabel(bucket.start)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="text-xs text-zinc-500">Judgments per hour (UTC), last 24 hours; peak {total === 0 ? 0 : max}.</figcaption>
    </figure>
  );
}
