export { type ChartForecast, type ChartLayout, layoutChart, type SeriesChartOptions } from './layout.js';
export { encodePng } from './png.js';
export { CHART_COLOURS, renderSeriesChart } from './series-chart.js';
