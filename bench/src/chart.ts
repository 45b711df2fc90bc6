export interface Series {
  label: string;
  points: { n: number; seconds: number }[];
  colour: string;
  /** Estimated from smaller runs, not measured at these sizes. */
  estimated?: boolean;
}

/** A line chart of seconds (log scale) against the number of agents, as an SVG document. */
export function chart(title: string, series: Series[]): string {
  const width = 900;
  const height = 420;
  const left = 70;
  const right = 300;
  const top = 40;
  const bottom = 50;
  const ns = [...new Set(series.flatMap((line) => line.points.map((point) => point.n)))].sort((a, b) => a - b);
  const values = series.flatMap((line) => line.points.map((point) => point.seconds)).filter((value) => value > 0);
  const low = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const x = (n: number) => left + ((n - ns[0]!) / (ns.at(-1)! - ns[0]!)) * (width - left - right);
  const y = (seconds: number) => top + (1 - (Math.log10(seconds) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (height - top - bottom);
  const parts: string[] = [];
  for (let tick = low; tick <= high; tick *= 10) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 8}" y="${y(tick) + 4}" text-anchor="end">${tick >= 1 ? tick : tick.toFixed(Math.ceil(-Math.log10(tick)))} s</text>`);
  }
  for (const n of ns) parts.push(`<text x="${x(n)}" y="${height - bottom + 20}" text-anchor="middle">${n}</text>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle">agents in the registry</text>`);
  series.forEach((line, index) => {
    const path = line.points.map((point) => `${x(point.n).toFixed(1)},${y(point.seconds).toFixed(1)}`).join(' ');
    const dash = line.estimated ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline points="${path}" fill="none" stroke="${line.colour}" stroke-width="2.5"${dash}/>`);
    for (const point of line.points) parts.push(`<circle cx="${x(point.n)}" cy="${y(point.seconds)}" r="3.5" fill="${line.colour}"/>`);
    const legendY = top + 10 + index * 22;
    parts.push(
      `<line x1="${width - right + 15}" x2="${width - right + 40}" y1="${legendY}" y2="${legendY}" stroke="${line.colour}" stroke-width="2.5"${dash}/>`,
    );
    parts.push(`<text x="${width - right + 46}" y="${legendY + 4}">${line.label}${line.estimated ? ' (estimated)' : ''}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${left}" y="22" font-size="15" font-weight="bold">${title}</text>
<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="#333"/>
<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#333"/>
${parts.join('\n')}
</svg>
`;
}
