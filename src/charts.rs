//! SVG charts with plotters' SVG backend: horizontal bars (funnel, scores), lines
//! (trends) and a Gantt-like milestone chart. Text is escaped by plotters; labels are
//! Chinese, so category labels sit on the vertical axis where their width cannot
//! make them collide. Colours differ in lightness and shapes differ too, so charts
//! survive greyscale printing.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt;

/// CSS font stack for chart text (fonts are resolved by the browser).
pub const FONT: &str =
    "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";

/// Dark and light ink; series colours ordered by lightness.
const INK: RGBColor = RGBColor(0x22, 0x2b, 0x38);
const GRID: RGBColor = RGBColor(0xdd, 0xe1, 0xe6);
const SERIES: [RGBColor; 3] = [
    RGBColor(0x1f, 0x4e, 0x8c),
    RGBColor(0x9a, 0xa7, 0xb8),
    RGBColor(0xc0, 0x39, 0x2b),
];
/// Red for overdue, amber for late; green for on time.
const RED: RGBColor = RGBColor(0xb7, 0x1c, 0x1c);
const AMBER: RGBColor = RGBColor(0xd9, 0x8c, 0x00);
const GREEN: RGBColor = RGBColor(0x2e, 0x7d, 0x32);

/// A chart that could not be drawn.
#[derive(Debug, Clone)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "图表绘制失败：{}", self.0)
    }
}

impl std::error::Error for ChartError {}

fn err<E: fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

fn font(size: u32) -> TextStyle<'static> {
    // plotters writes font-size = size / 1.24.
    (FONT, size as f64 * 1.24).into_font().color(&INK)
}

fn svg<F>(w: u32, h: u32, title: &str, draw: F) -> Result<String, ChartError>
where
    F: FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), ChartError>,
{
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root)?;
        root.present().map_err(err)?;
    }
    // Make the SVG scale with its container and say what it shows.
    let mut title_esc = String::new();
    for c in title.chars() {
        match c {
            '<' => title_esc.push_str("&lt;"),
            '>' => title_esc.push_str("&gt;"),
            '&' => title_esc.push_str("&amp;"),
            '"' => title_esc.push_str("&quot;"),
            '\'' => title_esc.push_str("&#39;"),
            c => title_esc.push(c),
        }
    }
    let head = format!("<svg width=\"{w}\" height=\"{h}\"");
    let repl = format!(
        "<svg role=\"img\" aria-label=\"{title_esc}\" viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"xMinYMin meet\" class=\"chart\""
    );
    Ok(buf.replacen(&head, &repl, 1))
}

/// The label of a category band: bands count from the bottom, categories from the top.
fn band_label<'a>(
    v: &SegmentValue<usize>,
    n: usize,
    label: impl Fn(usize) -> Option<&'a str>,
) -> String {
    match v {
        SegmentValue::CenterOf(i) => n
            .checked_sub(1 + *i)
            .and_then(label)
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}

/// Largest magnitude a chart draws. plotters picks its axis ticks in a loop that
/// never ends when the axis width is not a finite number (a value of 9e307 padded by
/// 35 % overflows to infinity, and `inf` or `nan` are infinite already): every value
/// is brought into ±`LIMIT` first, and non-finite values are drawn as 0.
const LIMIT: f64 = 1e15;

/// A value safe to draw (finite, within ±[`LIMIT`]).
fn drawable(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(-LIMIT, LIMIT)
    } else {
        0.0
    }
}

/// An axis range from `min..max` with `pad_lo`/`pad_hi` of the span added, always
/// finite with a positive width.
fn axis(min: f64, max: f64, pad_lo: f64, pad_hi: f64) -> (f64, f64) {
    let (min, max) = (drawable(min), drawable(max));
    let (min, max) = (min.min(max), max.max(min));
    let span = (max - min).max(1.0);
    (min - span * pad_lo, max + span * pad_hi)
}

/// One bar: label, value, and the text written at its end.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Category label (Chinese).
    pub label: String,
    /// Bar length.
    pub value: f64,
    /// Text after the bar.
    pub note: String,
}

/// Horizontal bars, one per category, top to bottom. Negative values extend left.
pub fn hbars(title: &str, bars: &[Bar], unit: &str, width: u32) -> Result<String, ChartError> {
    let n = bars.len().max(1);
    let h = 44 + 32 * n as u32;
    let max = bars
        .iter()
        .map(|b| drawable(b.value))
        .fold(0.0_f64, f64::max);
    let min = bars
        .iter()
        .map(|b| drawable(b.value))
        .fold(0.0_f64, f64::min);
    let (lo, hi) = axis(min, max, 0.02, 0.35);
    let label_w = bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(2) as u32
        * 15
        + 18;
    svg(width, h, title, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(8)
            .x_label_area_size(44)
            .y_label_area_size(label_w.min(260))
            .build_cartesian_2d(lo..hi, (0..n).into_segmented())
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(GRID)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_desc(unit)
            .x_labels(5)
            .x_label_formatter(&|v| {
                let s = format!("{v:.1}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            })
            .x_label_style(font(13))
            .y_label_style(font(15))
            .y_labels(n)
            .y_label_formatter(&|v| band_label(v, n, |j| bars.get(j).map(|b| b.label.as_str())))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(k, b)| {
                let i = n - 1 - k;
                let value = drawable(b.value);
                let color = if value < 0.0 { SERIES[2] } else { SERIES[0] };
                let mut r = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (value, SegmentValue::Exact(i + 1)),
                    ],
                    color.filled(),
                );
                r.set_margin(6, 6, 0, 0);
                r
            }))
            .map_err(err)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(k, b)| {
                let i = n - 1 - k;
                Text::new(
                    format!(" {}", b.note),
                    (drawable(b.value).max(0.0), SegmentValue::CenterOf(i)),
                    font(14).pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Left,
                        plotters::style::text_anchor::VPos::Center,
                    )),
                )
            }))
            .map_err(err)?;
        Ok(())
    })
}

/// A line series.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// One value per x label (`None` = no point).
    pub values: Vec<Option<f64>>,
}

/// Lines over categorical x labels (months). Up to three series, told apart by
/// lightness and marker shape.
pub fn lines(
    title: &str,
    x: &[String],
    series: &[Series],
    unit: &str,
    width: u32,
) -> Result<String, ChartError> {
    let n = x.len().max(1);
    let vals = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().map(|v| drawable(*v)));
    let (min, max) = vals.fold((0.0_f64, 1.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = axis(min, max, 0.1, 0.1);
    let step = n.div_ceil(if width < 600 { 8 } else { 12 }).max(1);
    svg(width, 300, title, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(56)
            .build_cartesian_2d(0..n, lo..hi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(INK)
            .y_labels(6)
            .y_desc(unit)
            .y_label_style(font(13))
            .x_label_style(font(13))
            .x_labels(n)
            .x_label_formatter(&|i| {
                if *i < n && i % step == 0 {
                    x.get(*i).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .draw()
            .map_err(err)?;
        for (k, s) in series.iter().enumerate() {
            let color = SERIES[k % SERIES.len()];
            let pts: Vec<(usize, f64)> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, drawable(v))))
                .collect();
            let line = chart
                .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))
                .map_err(err)?;
            line.label(s.name.clone()).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
            match k % 3 {
                0 => {
                    chart
                        .draw_series(pts.iter().map(|p| Circle::new(*p, 4, color.filled())))
                        .map_err(err)?;
                }
                1 => {
                    chart
                        .draw_series(
                            pts.iter()
                                .map(|p| TriangleMarker::new(*p, 5, color.filled())),
                        )
                        .map_err(err)?;
                }
                _ => {
                    chart
                        .draw_series(pts.iter().map(|p| Cross::new(*p, 4, color.stroke_width(2))))
                        .map_err(err)?;
                }
            }
        }
        if series.len() > 1 {
            chart
                .configure_series_labels()
                .label_font(font(14))
                .background_style(WHITE.mix(0.9))
                .border_style(GRID)
                .position(SeriesLabelPosition::UpperLeft)
                .draw()
                .map_err(err)?;
        }
        Ok(())
    })
}

/// One row of the milestone chart.
#[derive(Debug, Clone)]
pub struct GanttRow {
    /// Item name.
    pub label: String,
    /// Planned due date (after any extension).
    pub due: NaiveDate,
    /// Done date.
    pub done: Option<NaiveDate>,
}

/// Milestones plan vs actual: a bar from `start` to each due date (the plan), a filled
/// diamond at the done date (green on time, amber late), a red hollow marker where an
/// item is still open past its date; a vertical rule at the as-of date.
pub fn gantt(
    title: &str,
    start: NaiveDate,
    rows: &[GanttRow],
    as_of: NaiveDate,
) -> Result<String, ChartError> {
    let n = rows.len().max(1);
    let mut lo = start;
    let mut hi = as_of;
    for r in rows {
        lo = lo.min(r.due);
        hi = hi.max(r.due);
        if let Some(d) = r.done {
            lo = lo.min(d);
            hi = hi.max(d);
        }
    }
    let days = (hi - lo).num_days().max(10);
    let lo = lo - chrono::Duration::days(days / 20 + 3);
    let hi = hi + chrono::Duration::days(days / 20 + 3);
    let label_w = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(2) as u32
        * 14
        + 16;
    let h = 50 + 28 * n as u32;
    svg(720, h, title, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(26)
            .y_label_area_size(label_w.min(220))
            .build_cartesian_2d(lo..hi, (0..n).into_segmented())
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(6)
            .x_label_formatter(&|d| d.format("%Y-%m-%d").to_string())
            .x_label_style(font(13))
            .y_label_style(font(15))
            .y_labels(n)
            .y_label_formatter(&|v| band_label(v, n, |j| rows.get(j).map(|r| r.label.as_str())))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(rows.iter().enumerate().map(|(k, r)| {
                let i = n - 1 - k;
                let mut rect = Rectangle::new(
                    [
                        (start.min(r.due), SegmentValue::Exact(i)),
                        (r.due, SegmentValue::Exact(i + 1)),
                    ],
                    SERIES[1].mix(0.55).filled(),
                );
                rect.set_margin(7, 7, 0, 0);
                rect
            }))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![
                    (as_of, SegmentValue::Exact(0)),
                    (as_of, SegmentValue::Exact(n)),
                ],
                INK.stroke_width(1),
            )))
            .map_err(err)?;
        for (k, r) in rows.iter().enumerate() {
            let i = n - 1 - k;
            let (at, style) = match r.done {
                Some(d) if d <= r.due => (d, GREEN.filled()),
                Some(d) => (d, AMBER.filled()),
                None if r.due < as_of => (as_of, RED.stroke_width(2)),
                None => continue,
            };
            let p = (at, SegmentValue::CenterOf(i));
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(p)
                        + Polygon::new(vec![(0, -6), (6, 0), (0, 6), (-6, 0)], style),
                ))
                .map_err(err)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_svg_scales() {
        let bars = vec![Bar {
            label: "<script>alert(1)</script>".into(),
            value: 3.0,
            note: "\"&'".into(),
        }];
        let s = hbars("标题<&>", &bars, "个", 720).expect("chart");
        assert!(!s.contains("<script>"), "{s}");
        assert!(s.contains("&lt;script&gt;"));
        assert!(s.contains("viewBox=\"0 0 720"));
        assert!(s.contains("aria-label=\"标题&lt;&amp;&gt;\""));
    }

    /// 9e307 padded by 35 % is infinite: plotters' tick loop never ended (issue 8.11).
    #[test]
    fn huge_and_non_finite_values_draw_without_hanging() {
        for v in [
            9e307,
            f64::MAX,
            -f64::MAX,
            f64::INFINITY,
            f64::NAN,
            1e15,
            -1e300,
        ] {
            let bars = vec![
                Bar {
                    label: "甲".into(),
                    value: v,
                    note: "x".into(),
                },
                Bar {
                    label: "乙".into(),
                    value: 1.0,
                    note: "y".into(),
                },
            ];
            let svg = hbars("t", &bars, "分", 720).expect("bars");
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{v}: {svg}");
            let x: Vec<String> = vec!["2026-01".into(), "2026-02".into()];
            let s = vec![Series {
                name: "得分".into(),
                values: vec![Some(v), Some(1.0)],
            }];
            lines("t", &x, &s, "分", 720).expect("lines");
        }
    }

    #[test]
    fn charts_are_deterministic_and_handle_empty_input() {
        let x: Vec<String> = vec!["2026-01".into(), "2026-02".into()];
        let s = vec![Series {
            name: "得分".into(),
            values: vec![Some(1.0), None],
        }];
        assert_eq!(
            lines("t", &x, &s, "分", 720).expect("a"),
            lines("t", &x, &s, "分", 720).expect("b")
        );
        assert!(lines("t", &[], &[], "分", 560).is_ok());
        assert!(hbars("t", &[], "个", 560).is_ok());
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        assert!(gantt("t", d(1, 1), &[], d(2, 1)).is_ok());
        let rows = vec![GanttRow {
            label: "土地供应".into(),
            due: d(3, 1),
            done: Some(d(3, 5)),
        }];
        assert!(
            gantt("t", d(1, 1), &rows, d(4, 1))
                .expect("gantt")
                .contains("土地供应")
        );
    }
}
