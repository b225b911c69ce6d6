// Time charts as plain SVG: one series over uniform periods, the schedule's open spans shaded
// behind, hour or day ticks in the host's time. No library: a path and a few rectangles.
const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;
const HEIGHT = 180;
const LEFT = 72;    // room for the y labels
const BOTTOM = 22;  // room for the x labels
const TOP = 8;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.append(document.createTextNode(String(text)));
  return element;
}

// A round top for the y axis: 1, 2 or 5 times a power of ten, at least max.
function niceTop(max) {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

// "2026-12-01T14:00:00.000+01:00" (host time) -> its hour and minute, and its date's weekday.
function parts(iso) {
  const [, y, mo, d, hh, mm] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(+y, +mo - 1, +d)).getUTCDay()];
  return { hour: +hh, minute: +mm, label: `${weekday} ${+d}` };
}

// answer: a history answer (Points, Open, From, To). value(point) -> number. options: id,
// title, unit, digits, step (a step line rather than a slope, for counts).
export function timeChart(answer, value, options) {
  const points = answer.Points;
  const from = Date.parse(answer.From);
  const span = Date.parse(answer.To) - from;
  const plotWidth = WIDTH - LEFT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (ms) => LEFT + ((ms - from) / span) * plotWidth;
  const values = points.map(value);
  const max = Math.max(0, ...values);
  const top = niceTop(max);
  const y = (v) => TOP + plotHeight - (v / top) * plotHeight;
  const period = span / points.length;

  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', id: options.id,
                             role: 'img', 'aria-label': `${options.title}, highest ${max.toFixed(options.digits)} ${options.unit}` });
  chart.append(svg('rect', { x: LEFT, y: TOP, width: plotWidth, height: plotHeight, class: 'plot' }));
  for (const open of answer.Open) {
    const a = x(Date.parse(open.From));
    const b = x(Date.parse(open.To));
    const shade = svg('rect', { x: a.toFixed(1), y: TOP, width: Math.max(0.5, b - a).toFixed(1),
                                height: plotHeight, class: 'open-span' });
    shade.append(svg('title', {}, `open ${open.From.slice(11, 16)}–${open.To.slice(11, 16)}`));
    chart.append(shade);
  }
  for (const v of [top / 2, top]) {
    chart.append(svg('line', { x1: LEFT, x2: WIDTH, y1: y(v), y2: y(v), class: 'gridline' }));
    chart.append(svg('text', { x: LEFT - 6, y: y(v) + 4, class: 'y-label' },
                     `${+v.toPrecision(3)} ${options.unit}`));
  }
  chart.append(svg('text', { x: LEFT - 6, y: y(0) + 4, class: 'y-label' }, '0'));
  // Ticks: every 3 hours over minutes, every midnight over hours.
  const hourly = answer.Resolution === 'hour';
  points.forEach((point, i) => {
    const p = parts(point.Start);
    if (p.minute !== 0 || (hourly ? p.hour !== 0 : p.hour % 3 !== 0)) return;
    const at = x(from + i * period);
    chart.append(svg('line', { x1: at, x2: at, y1: TOP + plotHeight, y2: TOP + plotHeight + 4, class: 'tick' }));
    chart.append(svg('text', { x: at, y: HEIGHT - 6, class: 'x-label' },
                     hourly || p.hour === 0 ? p.label : `${String(p.hour).padStart(2, '0')}:00`));
  });
  // The series: a filled area under a line (or steps), from the first period to the last.
  let line = '';
  values.forEach((v, i) => {
    const a = x(from + i * period);
    const b = x(from + (i + 1) * period);
    if (options.step) line += `${i ? 'L' : 'M'}${a.toFixed(1)},${y(v).toFixed(1)}L${b.toFixed(1)},${y(v).toFixed(1)}`;
    else line += `${i ? 'L' : 'M'}${((a + b) / 2).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (values.length) {
    const end = options.step ? x(from + span) : x(from + (values.length - 0.5) * period);
    const start = options.step ? x(from) : x(from + period / 2);
    chart.append(svg('path', { d: `${line}L${end.toFixed(1)},${y(0)}L${start.toFixed(1)},${y(0)}Z`, class: 'area' }));
    chart.append(svg('path', { d: line, class: 'line' }));
  }
  return chart;
}
