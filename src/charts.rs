//! SVG charts: horizontal bars (funnel, scores) and lines (trends) with plotters' SVG
//! backend, then [`compact`]ed; the milestone Gantt of every project page written
//! directly, one rendering for every width (drawn twice by plotters and compacted, it
//! was a third of a 10,000-project build, issue 11). Text is escaped; labels are Chinese, so
//! category labels sit on the vertical axis where their width cannot make them
//! collide. Colours differ in lightness and shapes differ too, so charts survive
//! greyscale printing.

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt;

/// CSS font stack for chart text (fonts are resolved by the browser).
pub const FONT: &str =
    "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";

/// Width of the phone rendering of every chart, in SVG units. A phone's text column
/// is 286–330 px wide, so 13-unit text renders at 11.6–13 px.
pub const NARROW: u32 = 320;
/// The smallest container (CSS px) that shows the wide rendering; `style.css`
/// switches renderings with `@container (min-width: 500px)`.
pub const WIDE_MIN_PX: u32 = 500;
/// The smallest rendered text size the charts promise, in CSS px.
pub const MIN_TEXT_PX: f64 = 11.0;

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

/// Text sizes of one rendering, in SVG units.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    /// Ticks, notes and axis titles: the smallest text.
    small: f64,
    /// Category labels.
    label: f64,
    /// The chart's title.
    title: f64,
}

/// Text sizes for a rendering `w` units wide. The wide rendering shows in containers
/// of at least [`WIDE_MIN_PX`] and never scales up, the narrow one shows in
/// containers of 286 px or more, so the smallest text renders at ≥ [`MIN_TEXT_PX`].
fn sizes(w: u32) -> Sizes {
    let small = if w <= NARROW {
        13.0
    } else {
        (MIN_TEXT_PX * 1.04 * f64::from(w) / f64::from(WIDE_MIN_PX))
            .ceil()
            .max(13.0)
    };
    Sizes {
        small,
        label: small + 1.0,
        title: small + 2.0,
    }
}

fn font(size: f64) -> TextStyle<'static> {
    // plotters writes font-size = size / 1.24.
    (FONT, size * 1.24).into_font().color(&INK)
}

/// Approximate width of `s` in units at font size `size` (CJK full, others half).
fn text_w(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.58 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// The title's text size in a rendering `w` units wide: a long title (a unit's name, a
/// year and an indicator) is set smaller, down to 11, rather than cut off at both
/// edges of a phone-width chart.
fn title_size(title: &str, w: u32, s: Sizes) -> f64 {
    let fit = (f64::from(w) - 16.0) / text_w(title, 1.0).max(1.0);
    s.title.min(fit.max(11.0))
}

/// One rendering: an SVG `w` × `h` units that scales with its container (one
/// `viewBox`, no fixed size), with its title drawn at the top and given to readers.
fn svg<F>(w: u32, h: u32, title: &str, class: &str, draw: F) -> Result<String, ChartError>
where
    F: FnOnce(&DrawingArea<SVGBackend, Shift>, Sizes) -> Result<(), ChartError>,
{
    let s = sizes(w);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let body = root
            .titled(title, font(title_size(title, w, s)))
            .map_err(err)?;
        draw(&body, s)?;
        root.present().map_err(err)?;
    }
    let head = format!("<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"");
    let repl = format!(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"xMinYMin meet\" class=\"chart {class}\"",
        crate::html::escape(title)
    );
    Ok(compact(&buf.replacen(&head, &repl, 1)))
}

/// One element of plotters' SVG output: its tag, attributes in order, and the
/// (already escaped) text of a `<text>`.
/// An attribute: name and value, borrowed from the SVG text (a value may be rewritten).
type Attr<'a> = (&'a str, std::borrow::Cow<'a, str>);

#[derive(Debug, Clone)]
struct El<'a> {
    tag: &'a str,
    attrs: Vec<Attr<'a>>,
    text: Option<&'a str>,
}

impl<'a> El<'a> {
    fn get(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.as_ref())
    }
    fn num(&self, k: &str) -> Option<i64> {
        self.get(k)?.parse().ok()
    }
    fn without(&self, keys: &[&str]) -> Vec<Attr<'a>> {
        self.attrs
            .iter()
            .filter(|(n, _)| !keys.contains(n))
            .cloned()
            .collect()
    }
    /// Whether the attributes other than `keys` equal `other`'s (without collecting).
    fn same_except(&self, other: &El, keys: &[&str]) -> bool {
        let mine = self.attrs.iter().filter(|(n, _)| !keys.contains(n));
        let theirs = other.attrs.iter().filter(|(n, _)| !keys.contains(n));
        mine.eq(theirs)
    }
}

/// Parses the elements between `<svg …>` and `</svg>` as plotters writes them:
/// self-closed shapes and `<text …>text</text>`. `None` if the input is not that.
fn parse_elements(body: &str) -> Option<Vec<El<'_>>> {
    let mut out = Vec::new();
    let mut rest = body.trim_start();
    while !rest.is_empty() {
        rest = rest.strip_prefix('<')?;
        let end = rest.find('>')?;
        let (head, self_closed) = match rest[..end].strip_suffix('/') {
            Some(h) => (h, true),
            None => (&rest[..end], false),
        };
        rest = &rest[end + 1..];
        let (tag, mut a) = head.split_once(' ').unwrap_or((head, ""));
        let mut attrs = Vec::new();
        loop {
            a = a.trim_start();
            if a.is_empty() {
                break;
            }
            let (name, after) = a.split_once("=\"")?;
            let (value, after) = after.split_once('"')?;
            attrs.push((name, std::borrow::Cow::Borrowed(value)));
            a = after;
        }
        let text = if self_closed {
            None
        } else {
            // Plotters writes `<text …>label</text>`: the label has no `<`.
            let end = rest.find('<')?;
            let t = rest[..end].trim();
            let after = rest[end..].strip_prefix("</")?.strip_prefix(tag)?;
            rest = after.strip_prefix('>')?;
            Some(t)
        };
        out.push(El { tag, attrs, text });
        rest = rest.trim_start();
    }
    Some(out)
}

/// `12.000000000000002` → `12`; at most two decimals.
fn short_num(v: &str) -> String {
    match v.parse::<f64>() {
        Ok(f) if f.is_finite() => {
            let t = format!("{f:.2}");
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        _ => v.to_string(),
    }
}

/// A shape turned into path data, with its bounding box (for merging translucent
/// shapes only where they do not overlap).
struct Shape<'a> {
    style: Vec<Attr<'a>>,
    d: String,
    bbox: (i64, i64, i64, i64),
    stroke_only: bool,
}

fn points(p: &str) -> Option<Vec<(i64, i64)>> {
    p.split_whitespace()
        .map(|xy| {
            let (x, y) = xy.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

/// Path data through `pts`, with `H`/`V` for axis-parallel steps.
fn path_d(pts: &[(i64, i64)], close: bool) -> String {
    let mut d = String::new();
    for (i, &(x, y)) in pts.iter().enumerate() {
        if i == 0 {
            d += &format!("M{x} {y}");
            continue;
        }
        let (px, py) = pts[i - 1];
        if y == py {
            d += &format!("H{x}");
        } else if x == px {
            d += &format!("V{y}");
        } else {
            d += &format!("L{x} {y}");
        }
    }
    if close {
        d.push('Z');
    }
    d
}

fn shape<'a>(e: &El<'a>) -> Option<Shape<'a>> {
    let (pts, close, geom): (Vec<(i64, i64)>, bool, &[&str]) = match e.tag {
        "line" => (
            vec![(e.num("x1")?, e.num("y1")?), (e.num("x2")?, e.num("y2")?)],
            false,
            &["x1", "y1", "x2", "y2"],
        ),
        "polyline" => (points(e.get("points")?)?, false, &["points"]),
        "polygon" => (points(e.get("points")?)?, true, &["points"]),
        "rect" => {
            let (x, y) = (e.num("x")?, e.num("y")?);
            let (w, h) = (e.num("width")?, e.num("height")?);
            (
                vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
                true,
                &["x", "y", "width", "height"],
            )
        }
        _ => return None,
    };
    if pts.is_empty() {
        return None;
    }
    let mut style = e.without(geom);
    let stroke_only = e.tag == "line" || e.get("fill") == Some("none");
    if e.tag == "line" {
        style.insert(0, ("fill", "none".into()));
    }
    let xs = pts.iter().map(|p| p.0);
    let ys = pts.iter().map(|p| p.1);
    let bbox = (xs.clone().min()?, ys.clone().min()?, xs.max()?, ys.max()?);
    Some(Shape {
        style,
        d: path_d(&pts, close),
        bbox,
        stroke_only,
    })
}

enum Item<'a> {
    Path {
        style: Vec<Attr<'a>>,
        d: String,
        boxes: Vec<(i64, i64, i64, i64)>,
    },
    Text(El<'a>),
    Other(El<'a>),
}

/// Append ` k="v"` for each attribute.
fn push_attrs(out: &mut String, attrs: &[Attr]) {
    for (k, v) in attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(v);
        out.push('"');
    }
}

/// Shrinks plotters' SVG without changing what it draws (issue 11): drops default
/// attributes (`opacity="1"`, `stroke="none"`), empty labels, the font stack and ink colour of
/// text (set once by `svg.chart` in `style.css`) and the white mesh lines that
/// plotters draws on the white background before anything else; merges runs of
/// shapes of one style into one `<path>` (translucent ones only where they do not
/// overlap; stroke-only ticks also across the labels between them, which then paint
/// above them); groups runs of text of one style in a `<g>`. Output that is not
/// plotters' usual shape is returned unchanged.
fn compact(svg: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let Some(close) = svg.rfind("</svg>") else {
        return svg.to_string();
    };
    let Some(els) = parse_elements(&svg[open_end + 1..close]) else {
        return svg.to_string();
    };
    let ink = format!("#{:02X}{:02X}{:02X}", INK.0, INK.1, INK.2);
    let mut items: Vec<Item> = Vec::new();
    // Until a shape other than the background, white lines paint white on white.
    let mut only_background = true;
    for (i, mut e) in els.into_iter().enumerate() {
        let tag = e.tag;
        e.attrs.retain(|(k, v)| {
            !(*k == "opacity" && v == "1"
                || *k == "font-family" && v == FONT
                || tag == "text" && *k == "fill" && *v == ink)
        });
        if e.get("stroke") == Some("none") {
            e.attrs
                .retain(|(k, _)| *k != "stroke" && *k != "stroke-width");
        }
        for (k, v) in &mut e.attrs {
            if *k == "font-size" {
                *v = short_num(v).into();
            }
        }
        if e.tag == "text" {
            // Empty labels (skipped ticks) draw nothing.
            if e.text.is_some_and(|t| !t.is_empty()) {
                items.push(Item::Text(e));
            }
            continue;
        }
        let background = i == 0 && e.tag == "rect" && e.get("fill") == Some("#FFFFFF");
        if e.tag == "line" && only_background && e.get("stroke") == Some("#FFFFFF") {
            continue;
        }
        if !background && e.tag != "line" {
            only_background = false;
        }
        let Some(s) = (!background).then(|| shape(&e)).flatten() else {
            items.push(Item::Other(e));
            continue;
        };
        let opaque = s
            .style
            .iter()
            .all(|(k, v)| !k.ends_with("opacity") || v == "1");
        // The item to merge into: the last one, or for ticks the last non-text one.
        let target = items
            .iter()
            .rposition(|it| !(s.stroke_only && matches!(it, Item::Text(_))));
        if let Some(Item::Path { style, d, boxes }) = target.map(|t| &mut items[t]) {
            let apart = |b: &(i64, i64, i64, i64)| {
                b.2 < s.bbox.0 || s.bbox.2 < b.0 || b.3 < s.bbox.1 || s.bbox.3 < b.1
            };
            if *style == s.style && (opaque || boxes.iter().all(apart)) {
                d.push_str(&s.d);
                boxes.push(s.bbox);
                continue;
            }
        }
        items.push(Item::Path {
            style: s.style,
            d: s.d,
            boxes: vec![s.bbox],
        });
    }
    let mut out = String::with_capacity(svg.len() / 3);
    out.push_str(&svg[..=open_end].replace(" xmlns=\"http://www.w3.org/2000/svg\"", ""));
    let mut k = 0;
    while k < items.len() {
        match &items[k] {
            Item::Path { style, d, .. } => {
                out.push_str("<path");
                push_attrs(&mut out, style);
                out.push_str(" d=\"");
                out.push_str(d);
                out.push_str("\"/>");
            }
            Item::Other(e) => {
                out.push('<');
                out.push_str(e.tag);
                push_attrs(&mut out, &e.attrs);
                out.push_str("/>");
            }
            Item::Text(e) => {
                // A run of texts that differ only in position share a <g> (of
                // inherited properties: `dy` is not one, it stays on each text).
                const POS: [&str; 3] = ["x", "y", "dy"];
                let mut run = vec![e];
                while let Some(Item::Text(n)) = items.get(k + run.len()) {
                    if !n.same_except(e, &POS) || n.get("dy") != e.get("dy") {
                        break;
                    }
                    run.push(n);
                }
                let one = |out: &mut String, e: &El, attrs: &[Attr]| {
                    out.push_str("<text");
                    push_attrs(out, attrs);
                    out.push('>');
                    out.push_str(e.text.unwrap_or(""));
                    out.push_str("</text>");
                };
                if run.len() == 1 {
                    one(&mut out, e, &e.attrs);
                } else {
                    out.push_str("<g");
                    push_attrs(&mut out, &e.without(&POS));
                    out.push('>');
                    for t in &run {
                        let pos: Vec<Attr> = t
                            .attrs
                            .iter()
                            .filter(|(n, _)| POS.contains(n))
                            .cloned()
                            .collect();
                        one(&mut out, t, &pos);
                    }
                    out.push_str("</g>");
                }
                k += run.len();
                continue;
            }
        }
        k += 1;
    }
    out += "</svg>";
    out
}

/// Both renderings of a chart: the wide one at `width` units and the phone one at
/// [`NARROW`]; `style.css` shows the one that fits its container.
fn both<F>(width: u32, draw: F) -> Result<String, ChartError>
where
    F: Fn(u32, &str) -> Result<String, ChartError>,
{
    let wide = draw(width.max(NARROW + 1), "chart-wide")?;
    let narrow = draw(NARROW, "chart-narrow")?;
    Ok(wide + &narrow)
}

/// Category axis 0..n with a tick at the middle of each band: band `i` counts from
/// the bottom, category `n - 1 - i` from the top. No empty band.
#[derive(Debug, Clone, Copy)]
struct Bands(usize);

impl plotters::coord::ranged1d::Ranged for Bands {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let n = self.0.max(1) as f64;
        let f = value / n;
        limit.0 + (f * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        (0..self.0.max(1)).map(|i| i as f64 + 0.5).collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        0.0..self.0.max(1) as f64
    }
}

fn bands(n: usize) -> Bands {
    Bands(n.max(1))
}

fn band_index(v: f64, n: usize) -> Option<usize> {
    let i = v.floor();
    if i < 0.0 || (i as usize) >= n {
        return None;
    }
    n.checked_sub(1 + i as usize)
}

fn label_area(labels: impl Iterator<Item = f64>, w: u32) -> u32 {
    let widest = labels.fold(2.0 * 14.0, f64::max);
    ((widest + 14.0) as u32).min(w / 2)
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
/// The axis is titled `unit`; each bar's note sits clear of its end.
pub fn hbars(title: &str, bars: &[Bar], unit: &str, width: u32) -> Result<String, ChartError> {
    both(width, |w, class| hbars_at(title, bars, unit, w, class))
}

fn hbars_at(
    title: &str,
    bars: &[Bar],
    unit: &str,
    w: u32,
    class: &str,
) -> Result<String, ChartError> {
    let s = sizes(w);
    let n = bars.len().max(1);
    let row = (s.label * 2.0).ceil() as u32;
    let h = (s.title * 2.0) as u32 + 2 * (s.small as u32 + 10) + row * n as u32 + 16;
    let max = bars
        .iter()
        .map(|b| drawable(b.value))
        .fold(0.0_f64, f64::max);
    let min = bars
        .iter()
        .map(|b| drawable(b.value))
        .fold(0.0_f64, f64::min);
    let span = (max - min).max(1.0);
    let lo = min - span * 0.02;
    let label_w = label_area(bars.iter().map(|b| text_w(&b.label, s.label)), w);
    // Room for each note after its bar: value·scale + gap + note ≤ plot width.
    let plot = f64::from(w.saturating_sub(label_w + 24)).max(40.0);
    let gap = 6.0;
    let mut hi = max + span * 0.05;
    for b in bars {
        let need = text_w(&b.note, s.small) + gap + 4.0;
        let room = (plot - need).max(plot * 0.35);
        let v = drawable(b.value).max(0.0);
        hi = hi.max(lo + (v - lo) * plot / room);
    }
    svg(w, h, title, class, |root, s| {
        let mut chart = ChartBuilder::on(root)
            .margin(8)
            .margin_right(16)
            .x_label_area_size((s.small * 2.0 + 12.0) as u32)
            .y_label_area_size(label_w)
            .build_cartesian_2d(lo..hi, bands(n))
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(GRID)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_desc(unit)
            .axis_desc_style(font(s.small))
            .x_labels(if w <= NARROW { 4 } else { 6 })
            .x_label_formatter(&|v| {
                let t = format!("{v:.1}");
                t.trim_end_matches('0').trim_end_matches('.').to_string()
            })
            .x_label_style(font(s.small))
            .y_label_style(font(s.label))
            .y_label_formatter(&|v| {
                band_index(*v, n)
                    .and_then(|j| bars.get(j))
                    .map(|b| b.label.clone())
                    .unwrap_or_default()
            })
            .draw()
            .map_err(err)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(k, b)| {
                let i = (n - 1 - k) as f64;
                let value = drawable(b.value);
                let color = if value < 0.0 { SERIES[2] } else { SERIES[0] };
                Rectangle::new([(0.0, i + 0.2), (value, i + 0.8)], color.filled())
            }))
            .map_err(err)?;
        let note_style = font(s.small).pos(Pos::new(HPos::Left, VPos::Center));
        chart
            .draw_series(bars.iter().enumerate().map(|(k, b)| {
                let i = (n - 1 - k) as f64;
                EmptyElement::at((drawable(b.value).max(0.0), i + 0.5))
                    + Text::new(b.note.clone(), (gap as i32, 0), note_style.clone())
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
/// lightness and marker shape. The unit is written horizontally above the axis.
pub fn lines(
    title: &str,
    x: &[String],
    series: &[Series],
    unit: &str,
    width: u32,
) -> Result<String, ChartError> {
    both(width, |w, class| lines_at(title, x, series, unit, w, class))
}

fn lines_at(
    title: &str,
    x: &[String],
    series: &[Series],
    unit: &str,
    w: u32,
    class: &str,
) -> Result<String, ChartError> {
    let n = x.len().max(1);
    let vals = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().map(|v| drawable(*v)));
    let (min, max) = vals.fold((0.0_f64, 1.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = axis(min, max, 0.1, 0.1);
    let s0 = sizes(w);
    let widest = x.iter().map(|l| text_w(l, s0.small)).fold(1.0, f64::max);
    let fit = ((f64::from(w) - 80.0) / (widest + 12.0)).floor().max(1.0) as usize;
    let step = n.div_ceil(fit).max(1);
    // The legend sits in the band above the plot, never over the lines (inside the
    // plot it hid a unit's first months on a phone): beside "单位" when all of it fits
    // on that line, else one entry a line under it.
    let unit_text = format!("单位：{unit}");
    let legend: Vec<&str> = if series.len() > 1 {
        series.iter().map(|s| s.name.as_str()).collect()
    } else {
        Vec::new()
    };
    const SAMPLE: f64 = 30.0;
    let entry_w = |name: &str| SAMPLE + text_w(name, s0.small) + 16.0;
    let legend_w: f64 = legend.iter().map(|n| entry_w(n)).sum();
    let one_line = text_w(&unit_text, s0.small) + 24.0 + legend_w <= f64::from(w) - 16.0;
    let legend_lines = if one_line { 0 } else { legend.len() as u32 };
    let line_h = (s0.small * 1.6) as u32;
    let h = if w <= NARROW { 260 } else { 320 } + legend_lines * line_h;
    svg(w, h, title, class, |root, s| {
        let top = line_h * (1 + legend_lines);
        let (head, body) = root.split_vertically(top);
        head.draw(&Text::new(
            unit_text.clone(),
            (8, 2),
            font(s.small).pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(err)?;
        // Entries from the right end of the unit's line, or one a line below it.
        let mut at = if one_line {
            f64::from(w) - 8.0 - legend_w + 16.0
        } else {
            8.0
        };
        for (k, name) in legend.iter().enumerate() {
            let color = SERIES[k % SERIES.len()];
            let row = if one_line { 0 } else { line_h * (k as u32 + 1) };
            let y = (row + line_h / 2) as i32 - 1;
            let x0 = at as i32;
            head.draw(&PathElement::new(
                vec![(x0, y), (x0 + 22, y)],
                color.stroke_width(2),
            ))
            .map_err(err)?;
            let mid = (x0 + 11, y);
            match k % 3 {
                0 => head.draw(&Circle::new(mid, 4, color.filled())),
                1 => head.draw(&TriangleMarker::new(mid, 5, color.filled())),
                _ => head.draw(&Cross::new(mid, 4, color.stroke_width(2))),
            }
            .map_err(err)?;
            head.draw(&Text::new(
                name.to_string(),
                (x0 + SAMPLE as i32, row as i32 + 2),
                font(s.small).pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(err)?;
            if one_line {
                at += entry_w(name);
            }
        }
        let mut chart = ChartBuilder::on(&body)
            .margin(8)
            .margin_right(16)
            .x_label_area_size((s.small * 2.0) as u32)
            .y_label_area_size((s.small * 4.0) as u32)
            .build_cartesian_2d(0..n, lo..hi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(INK)
            .y_labels(if w <= NARROW { 5 } else { 6 })
            .y_label_style(font(s.small))
            .x_label_style(font(s.small))
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
        for (k, sr) in series.iter().enumerate() {
            let color = SERIES[k % SERIES.len()];
            let pts: Vec<(usize, f64)> = sr
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, drawable(v))))
                .collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))
                .map_err(err)?;
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

/// A date on the Gantt's axis: year and month for ticks at month starts; month and
/// day for weekly ticks (a span under two months; the year is in the as-of label).
fn date_tick(d: &NaiveDate, by_day: bool) -> String {
    if by_day {
        format!("{}月{}日", d.month(), d.day())
    } else {
        format!("{}年{}月", d.year(), d.month())
    }
}

/// A share of the chart's width, written `12.3%` (one decimal) without allocating.
#[derive(Clone, Copy)]
struct Pct(f64);

impl fmt::Display for Pct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", (self.0 * 10.0).round() / 10.0)
    }
}

/// Text sizes of the Gantt, in CSS px: it is drawn at the size it shows.
const GANTT_TITLE: u32 = 15;
const GANTT_LABEL: u32 = 13;
const GANTT_SMALL: u32 = 12;
/// Height of one item: its name on one line, its bar below.
const GANTT_ROW: u32 = 34;
/// Date ticks at most: three `2026年7月` fit a 286 px phone column.
const GANTT_TICKS: usize = 3;

/// Milestones plan vs actual: a bar from `start` to each due date (the plan) under
/// the item's name, a filled diamond at the done date (green on time, amber late), a
/// red one on the as-of rule where an item is still open past its date; a labelled
/// vertical rule at the as-of date ("数据截至…").
///
/// One rendering for every width (issue 11: the project page carried a wide and a
/// phone copy): text is set in CSS px and never scales, dates run along the width in
/// percentages, so the chart fills a phone's column and a desktop's alike (`svg.gantt`
/// in `style.css`).
pub fn gantt(
    title: &str,
    start: NaiveDate,
    rows: &[GanttRow],
    as_of: NaiveDate,
) -> Result<String, ChartError> {
    use std::fmt::Write as _;
    let mut lo = start.min(as_of);
    let mut hi = start.max(as_of);
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
    let span = (hi - lo).num_days().max(1) as f64;
    // Dates to percentages of the width, 1 % kept free at each edge.
    let pct = |d: NaiveDate| 1.0 + 98.0 * (d - lo).num_days() as f64 / span;
    let p = Pct;
    let ticks = month_ticks(lo, hi, GANTT_TICKS);
    let by_day = ticks.iter().any(|t| t.day() != 1);
    let top = 8 + GANTT_TITLE + 8 + GANTT_SMALL + 8;
    // Item k's band: its name's baseline at +15, its bar from +20 to +30.
    let row = |k: usize| top + GANTT_ROW * k as u32;
    let bottom = row(rows.len().max(1)) + 4;
    let h = bottom + 6 + GANTT_SMALL + 8;
    let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
    let esc = crate::html::escape;

    let mut o = String::with_capacity(1000 + 150 * rows.len());
    let _ = write!(
        o,
        "<svg role=\"img\" aria-label=\"{t}\" class=\"chart gantt\" width=\"100%\" height=\"{h}\">\
         <text x=\"50%\" y=\"{}\" text-anchor=\"middle\" font-size=\"{GANTT_TITLE}\">{t}</text>",
        8 + GANTT_TITLE - 2,
        t = esc(title),
    );
    // Grid lines at the date ticks, the axis, and the ticks' dates below it (a date
    // near an edge is set inside the chart).
    if !ticks.is_empty() {
        let _ = write!(o, "<g stroke=\"{}\">", hex(GRID));
        for t in &ticks {
            let x = p(pct(*t));
            let _ = write!(
                o,
                "<line x1=\"{x}\" x2=\"{x}\" y1=\"{top}\" y2=\"{bottom}\"/>"
            );
        }
        o.push_str("</g>");
    }
    let _ = write!(
        o,
        "<line x1=\"1%\" x2=\"99%\" y1=\"{bottom}\" y2=\"{bottom}\" stroke=\"{}\"/>",
        hex(INK)
    );
    if !ticks.is_empty() {
        let _ = write!(o, "<g text-anchor=\"middle\" font-size=\"{GANTT_SMALL}\">");
        for t in &ticks {
            let x = pct(*t);
            let anchor = if x < 12.0 {
                " text-anchor=\"start\""
            } else if x > 88.0 {
                " text-anchor=\"end\""
            } else {
                ""
            };
            let _ = write!(
                o,
                "<text x=\"{}\" y=\"{}\"{anchor}>{}</text>",
                p(x),
                bottom + 5 + GANTT_SMALL,
                date_tick(t, by_day)
            );
        }
        o.push_str("</g>");
    }
    // Each item: its name, then its plan bar from the start to its due date.
    if !rows.is_empty() {
        let _ = write!(o, "<g font-size=\"{GANTT_LABEL}\">");
        for (k, r) in rows.iter().enumerate() {
            let _ = write!(
                o,
                "<text x=\"1%\" y=\"{}\">{}</text>",
                row(k) + 15,
                esc(&r.label)
            );
        }
        o.push_str("</g>");
        let _ = write!(o, "<g opacity=\"0.55\" fill=\"{}\">", hex(SERIES[1]));
        for (k, r) in rows.iter().enumerate() {
            let (x0, x1) = (pct(start.min(r.due)), pct(r.due));
            let _ = write!(
                o,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\"/>",
                p(x0),
                row(k) + 20,
                p(x1 - x0)
            );
        }
        o.push_str("</g>");
    }
    // The as-of rule, its label above the plot on the side with room.
    let ax = pct(as_of);
    let anchor = if ax > 50.0 { "end" } else { "start" };
    let _ = write!(
        o,
        "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{bottom}\" stroke=\"{}\"/>\
         <text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{GANTT_SMALL}\">数据截至{}年{}月{}日</text>",
        top - 4,
        hex(INK),
        top - 7,
        as_of.year(),
        as_of.month(),
        as_of.day(),
        x = p(ax),
    );
    // A diamond at each done date (green on time, amber late), red on the rule for
    // an item still open past its date; one group per run of one colour.
    let mut last: Option<RGBColor> = None;
    for (k, r) in rows.iter().enumerate() {
        let (at, colour) = match r.done {
            Some(d) if d <= r.due => (d, GREEN),
            Some(d) => (d, AMBER),
            None if r.due < as_of => (as_of, RED),
            None => continue,
        };
        if last.is_none() {
            o.push_str("<defs><path id=\"tbgd\" d=\"M0-6 6 0 0 6-6 0Z\"/></defs>");
        }
        if last != Some(colour) {
            if last.is_some() {
                o.push_str("</g>");
            }
            let _ = write!(o, "<g fill=\"{}\">", hex(colour));
            last = Some(colour);
        }
        let _ = write!(
            o,
            "<use href=\"#tbgd\" x=\"{}\" y=\"{}\"/>",
            p(pct(at)),
            row(k) + 25
        );
    }
    if last.is_some() {
        o.push_str("</g>");
    }
    o.push_str("</svg>");
    Ok(o)
}

/// Date ticks between `lo` and `hi`, at most `max` of them: the first days of months
/// a whole number of steps (1, 2, 3, 4, 6, 9 months; 1, 1½, 2, 3, 5, 10 … years) from
/// January of year 0, the smallest step that fits; for a span of under two months,
/// days 1, 8, 15 and 22.
fn month_ticks(lo: NaiveDate, hi: NaiveDate, max: usize) -> Vec<NaiveDate> {
    let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let (first, last) = (index(lo), index(hi));
    let from_index = |i: i64| {
        NaiveDate::from_ymd_opt(
            i32::try_from(i.div_euclid(12)).ok()?,
            i.rem_euclid(12) as u32 + 1,
            1,
        )
    };
    if last - first < 2 {
        let mut out = Vec::new();
        for i in first..=last {
            for day in [1, 8, 15, 22] {
                if let Some(d) = from_index(i).and_then(|m| m.with_day(day))
                    && d >= lo
                    && d <= hi
                {
                    out.push(d);
                }
            }
        }
        if out.len() <= max {
            return out;
        }
        return out.into_iter().step_by(2).take(max).collect();
    }
    for step in [1, 2, 3, 4, 6, 9, 12, 18, 24, 36, 60, 120, 240, 600] {
        let ticks: Vec<NaiveDate> = (first..=last)
            .filter(|i| i.rem_euclid(step) == 0)
            .filter_map(from_index)
            .filter(|d| *d >= lo && *d <= hi)
            .collect();
        if ticks.len() <= max {
            return ticks;
        }
    }
    Vec::new()
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

    /// Every `font-size` in an SVG string.
    fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|t| t.split('"').next()?.parse().ok())
            .collect()
    }

    fn renderings(s: &str) -> Vec<&str> {
        s.split("<svg ").skip(1).collect()
    }

    #[test]
    fn one_view_box_two_renderings_and_text_at_least_11_px() {
        let bars: Vec<Bar> = (0..6)
            .map(|i| Bar {
                label: format!("青岚县新材料工业园区{i}"),
                value: f64::from(i) - 2.0,
                note: format!("{i} 分"),
            })
            .collect();
        let x: Vec<String> = (1..=11).map(|m| format!("{m}月")).collect();
        let series = vec![Series {
            name: "2026年".into(),
            values: (0..11).map(|i| Some(f64::from(i))).collect(),
        }];
        for (chart, wide) in [
            (hbars("得分", &bars, "得分", 640).expect("bars"), 640.0),
            (
                lines("趋势", &x, &series, "亿元", 760).expect("lines"),
                760.0,
            ),
        ] {
            let r = renderings(&chart);
            assert_eq!(r.len(), 2, "{chart}");
            for (svg, units, shown_px) in [
                // The wide rendering shows in containers of ≥ 560 px, never scaled up.
                (r[0], wide, f64::from(WIDE_MIN_PX)),
                // The phone rendering shows in a 390 px screen's ≥ 286 px column.
                (r[1], f64::from(NARROW), 286.0),
            ] {
                let head = svg.split('>').next().unwrap_or("");
                assert_eq!(head.matches("viewBox=").count(), 1, "{head}");
                assert!(!head.contains("width="), "{head}");
                let scale = shown_px.min(units) / units;
                let min = font_sizes(svg).into_iter().fold(f64::MAX, f64::min);
                assert!(min * scale >= MIN_TEXT_PX, "{min} × {scale} in {head}");
            }
            assert!(r[0].contains("chart-wide") && r[1].contains("chart-narrow"));
        }
    }

    #[test]
    fn every_chart_has_its_title_and_the_gantt_names_its_date_line() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        let rows = vec![GanttRow {
            label: "土地供应".into(),
            due: d(3, 1),
            done: Some(d(3, 9)),
        }];
        let g = gantt("开工计划节点", d(1, 1), &rows, d(11, 20)).expect("gantt");
        // The title is drawn (centred text), not only named in aria-label.
        assert!(
            g.split("text-anchor=\"middle\"").any(|t| t
                .split('<')
                .next()
                .unwrap_or("")
                .contains("开工计划节点")),
            "{g}"
        );
        assert!(g.contains("数据截至2026年11月20日"), "{g}");
        // Ticks read as dates (年/月), not ISO.
        let ticks: Vec<String> = texts(&g)
            .into_iter()
            .map(|t| t.3)
            .filter(|t| t.starts_with("2026年") && t.ends_with('月'))
            .collect();
        assert!(ticks.len() >= 2 && !g.contains("2026-0"), "{g}");
        let l = lines("趋势", &["1月".into()], &[], "亿元", 560).expect("lines");
        assert!(l.contains("单位：亿元"), "{l}");
    }

    /// The texts of a compacted SVG with the attributes they have or inherit from
    /// their `<g>`: (x, y, text-anchor, text).
    fn texts(svg: &str) -> Vec<(i64, i64, String, String)> {
        let mut out = Vec::new();
        let mut group_anchor = String::new();
        for tag in svg.split('<').skip(1) {
            let (head, text) = tag.split_once('>').unwrap_or((tag, ""));
            let attr = |k: &str| {
                head.split(&format!(" {k}=\""))
                    .nth(1)
                    .and_then(|t| t.split('"').next())
                    .map(str::to_string)
            };
            if head.starts_with("g ") {
                group_anchor = attr("text-anchor").unwrap_or_default();
            } else if head == "/g" {
                group_anchor.clear();
            } else if head.starts_with("text ") {
                let n = |k| attr(k).and_then(|v| v.parse().ok()).unwrap_or(-1);
                let anchor = attr("text-anchor").unwrap_or_else(|| group_anchor.clone());
                out.push((n("x"), n("y"), anchor, text.to_string()));
            }
        }
        out
    }

    /// The boxes (x0, y0, x1, y1) of the rectangles merged into the paths filled with `fill`.
    fn boxes(svg: &str, fill: &str) -> Vec<(i64, i64, i64, i64)> {
        let key = format!("<path fill=\"{fill}\" d=\"");
        svg.split(&key)
            .skip(1)
            .flat_map(|t| {
                let d = t.split('"').next().unwrap_or("");
                d.split('M')
                    .skip(1)
                    .filter_map(|r| {
                        // x0 y0 H x1 V y1 H x0 Z
                        let (x0, r) = r.split_once(' ')?;
                        let (y0, r) = r.split_once('H')?;
                        let (x1, r) = r.split_once('V')?;
                        let (y1, _) = r.split_once('H')?;
                        Some((
                            x0.parse().ok()?,
                            y0.parse().ok()?,
                            x1.parse().ok()?,
                            y1.parse().ok()?,
                        ))
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn no_empty_band_above_the_first_bar_and_notes_clear_of_bar_ends() {
        let bars = vec![
            Bar {
                label: "甲".into(),
                value: 10.0,
                note: "10 分".into(),
            },
            Bar {
                label: "乙".into(),
                value: 5.0,
                note: "5 分".into(),
            },
        ];
        let s = hbars("得分", &bars, "得分", 640).expect("bars");
        let wide = renderings(&s)[0];
        // The category ticks: as many as bars (no empty slot), 甲 on top.
        let mut labels: Vec<(i64, String)> = texts(wide)
            .into_iter()
            .filter(|t| t.2 == "end" && !t.3.is_empty())
            .map(|t| (t.1, t.3))
            .collect();
        labels.sort();
        let names: Vec<&str> = labels.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(names, vec!["甲", "乙"], "{wide}");
        let bars = boxes(wide, "#1F4E8C");
        assert_eq!(bars.len(), 2, "{wide}");
        // The first bar sits right under the title: no empty band above it.
        let top_bar = bars.iter().map(|b| b.1).min().unwrap_or(0);
        assert!(top_bar < 60, "{top_bar}: {wide}");
        // Each note starts to the right of its bar's end.
        let note_x: Vec<i64> = texts(wide)
            .into_iter()
            .filter(|t| t.3.contains(" 分") && t.2 == "start")
            .map(|t| t.0)
            .collect();
        assert_eq!(note_x.len(), 2, "{wide}");
        let max_end = bars.iter().map(|b| b.2).max().unwrap_or(0);
        assert!(
            note_x.iter().any(|x| *x >= max_end + 4),
            "{bars:?} {note_x:?}"
        );
    }

    /// plotters' own output for a small chart, as the compaction reads it.
    const RAW: &str = concat!(
        "<svg role=\"img\" viewBox=\"0 0 100 50\" class=\"chart x\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        "<rect x=\"0\" y=\"0\" width=\"100\" height=\"50\" opacity=\"1\" fill=\"#FFFFFF\" stroke=\"none\"/>\n",
        "<text x=\"50\" y=\"5\" dy=\"0.76em\" text-anchor=\"middle\" font-family=\"Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif\" font-size=\"15.000000000000002\" opacity=\"1\" fill=\"#222B38\">\n",
        "标题&lt;\n",
        "</text>\n",
        "<line opacity=\"1\" stroke=\"#FFFFFF\" stroke-width=\"1\" x1=\"10\" y1=\"40\" x2=\"10\" y2=\"10\"/>\n",
        "<line opacity=\"1\" stroke=\"#DDE1E6\" stroke-width=\"1\" x1=\"20\" y1=\"40\" x2=\"20\" y2=\"10\"/>\n",
        "<line opacity=\"1\" stroke=\"#DDE1E6\" stroke-width=\"1\" x1=\"30\" y1=\"40\" x2=\"30\" y2=\"10\"/>\n",
        "<text x=\"8\" y=\"20\" dy=\"0.5ex\" text-anchor=\"end\" font-family=\"Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif\" font-size=\"14\" opacity=\"1\" fill=\"#222B38\">\n",
        "甲\n",
        "</text>\n",
        "<polyline fill=\"none\" opacity=\"1\" stroke=\"#222B38\" stroke-width=\"1\" points=\"9,20 10,20 \"/>\n",
        "<text x=\"8\" y=\"30\" dy=\"0.5ex\" text-anchor=\"end\" font-family=\"Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif\" font-size=\"14\" opacity=\"1\" fill=\"#222B38\">\n",
        "乙\n",
        "</text>\n",
        "<polyline fill=\"none\" opacity=\"1\" stroke=\"#222B38\" stroke-width=\"1\" points=\"9,30 10,30 \"/>\n",
        "<text x=\"8\" y=\"45\" dy=\"0.5ex\" text-anchor=\"end\" font-family=\"Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif\" font-size=\"14\" opacity=\"1\" fill=\"#222B38\">\n",
        "\n",
        "</text>\n",
        "<rect x=\"12\" y=\"15\" width=\"20\" height=\"10\" opacity=\"0.55\" fill=\"#9AA7B8\" stroke=\"none\"/>\n",
        "<rect x=\"12\" y=\"27\" width=\"30\" height=\"10\" opacity=\"0.55\" fill=\"#9AA7B8\" stroke=\"none\"/>\n",
        "<rect x=\"12\" y=\"30\" width=\"5\" height=\"10\" opacity=\"0.55\" fill=\"#9AA7B8\" stroke=\"none\"/>\n",
        "<line opacity=\"1\" stroke=\"#FFFFFF\" stroke-width=\"1\" x1=\"12\" y1=\"20\" x2=\"40\" y2=\"20\"/>\n",
        "<polygon opacity=\"1\" fill=\"#2E7D32\" points=\"20,14 26,20 20,26 14,20 \"/>\n",
        "<polygon opacity=\"1\" fill=\"#2E7D32\" points=\"30,24 36,30 30,36 24,30 \"/>\n",
        "<circle cx=\"5\" cy=\"5\" r=\"4\" opacity=\"1\" fill=\"#1F4E8C\" stroke=\"none\" stroke-width=\"1\"/>\n",
        "<text x=\"8\" y=\"48\" font-size=\"13\" opacity=\"1\" fill=\"#B71C1C\">红</text>\n",
        "</svg>\n",
    );

    #[test]
    fn compact_keeps_what_is_drawn_and_drops_what_repeats() {
        let c = compact(RAW);
        assert_eq!(
            c,
            concat!(
                "<svg role=\"img\" viewBox=\"0 0 100 50\" class=\"chart x\">",
                "<rect x=\"0\" y=\"0\" width=\"100\" height=\"50\" fill=\"#FFFFFF\"/>",
                "<text x=\"50\" y=\"5\" dy=\"0.76em\" text-anchor=\"middle\" font-size=\"15\">标题&lt;</text>",
                // The first white line lies on the white background: dropped.
                "<path fill=\"none\" stroke=\"#DDE1E6\" stroke-width=\"1\" d=\"M20 40V10M30 40V10\"/>",
                // The second tick joins the first across the label between them.
                "<text x=\"8\" y=\"20\" dy=\"0.5ex\" text-anchor=\"end\" font-size=\"14\">甲</text>",
                "<path fill=\"none\" stroke=\"#222B38\" stroke-width=\"1\" d=\"M9 20H10M9 30H10\"/>",
                "<text x=\"8\" y=\"30\" dy=\"0.5ex\" text-anchor=\"end\" font-size=\"14\">乙</text>",
                // Translucent bars merge only where they do not overlap.
                "<path opacity=\"0.55\" fill=\"#9AA7B8\" d=\"M12 15H32V25H12ZM12 27H42V37H12Z\"/>",
                "<path opacity=\"0.55\" fill=\"#9AA7B8\" d=\"M12 30H17V40H12Z\"/>",
                // A white line over the bars is drawn: kept.
                "<path fill=\"none\" stroke=\"#FFFFFF\" stroke-width=\"1\" d=\"M12 20H40\"/>",
                "<path fill=\"#2E7D32\" d=\"M20 14L26 20L20 26L14 20ZM30 24L36 30L30 36L24 30Z\"/>",
                "<circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#1F4E8C\"/>",
                // Text in another colour keeps it.
                "<text x=\"8\" y=\"48\" font-size=\"13\" fill=\"#B71C1C\">红</text>",
                "</svg>"
            )
        );
        // As plotters draws an axis (its line first, then label and tick pairs): the
        // ticks join the axis line, and the labels, now adjacent, share a <g>.
        let axis = RAW.replacen(
            "<text x=\"8\" y=\"20\"",
            "<polyline fill=\"none\" opacity=\"1\" stroke=\"#222B38\" stroke-width=\"1\" points=\"10,10 10,40 \"/>\n<text x=\"8\" y=\"20\"",
            1,
        );
        let a = compact(&axis);
        assert!(
            a.contains(concat!(
                "<path fill=\"none\" stroke=\"#222B38\" stroke-width=\"1\" d=\"M10 10V40M9 20H10M9 30H10\"/>",
                "<g text-anchor=\"end\" font-size=\"14\">",
                "<text x=\"8\" y=\"20\" dy=\"0.5ex\">甲</text><text x=\"8\" y=\"30\" dy=\"0.5ex\">乙</text></g>"
            )),
            "{a}"
        );
        // Deterministic, and idempotent on its own output.
        assert_eq!(compact(RAW), c);
        assert_eq!(compact(&c), c);
        // What it cannot read it leaves alone.
        let odd = "<svg viewBox=\"0 0 1 1\"><foo bar=baz></svg>";
        assert_eq!(compact(odd), odd);
    }

    #[test]
    fn a_long_title_is_set_to_fit_the_phone_width() {
        let title = "青岚县新材料工业园区7亿元以上制造业项目：计划与实际";
        let x: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let s = Series {
            name: "计划".into(),
            values: vec![Some(1.0); 12],
        };
        let svg = lines(title, &x, &[s], "个", 640).expect("lines");
        let narrow = &svg[svg.find("chart-narrow").expect("narrow")..];
        let at = narrow.find("font-size=\"").expect("title font") + "font-size=\"".len();
        let size: f64 = narrow[at..]
            .split('"')
            .next()
            .and_then(|v| v.parse().ok())
            .expect("size");
        assert!(
            size * text_w(title, 1.0) <= f64::from(NARROW) - 16.0 + 1.0,
            "title at {size} is wider than the chart"
        );
        // A short title keeps the normal size.
        let svg = lines("得分", &x, &[], "分", 640).expect("lines");
        let narrow = &svg[svg.find("chart-narrow").expect("narrow")..];
        assert!(narrow.contains(&format!("font-size=\"{}\"", sizes(NARROW).title)));
    }

    #[test]
    fn real_charts_shrink_and_keep_their_labels() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        let rows: Vec<GanttRow> = [
            "项目备案",
            "土地供应",
            "环境影响评估",
            "规划许可",
            "项目竣工",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| GanttRow {
            label: (*l).into(),
            due: d(3 + i as u32, 1),
            done: (i < 4).then(|| d(3 + i as u32, 10)),
        })
        .collect();
        let g = gantt("开工计划节点：计划与实际", d(1, 1), &rows, d(11, 20)).expect("gantt");
        // One rendering (issue 11), under 1,700 bytes for five items (the wide and
        // phone pair took 3,000).
        assert!(g.len() < 1700, "{} bytes: {g}", g.len());
        assert_eq!(g.matches("<svg ").count(), 1, "{g}");
        for bad in ["font-family", "<polyline", "\n", "stroke=\"#FFFFFF\""] {
            assert!(!g.contains(bad), "{bad} in {g}");
        }
        let labels: Vec<String> = texts(&g).into_iter().map(|t| t.3).collect();
        for r in &rows {
            assert_eq!(
                labels.iter().filter(|l| **l == r.label).count(),
                1,
                "{labels:?}"
            );
        }
    }

    #[test]
    fn the_legend_sits_above_the_plot_never_on_its_lines() {
        let x: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let s = |name: &str, v: f64| Series {
            name: name.into(),
            values: (0..12).map(|i| Some(v * f64::from(i))).collect(),
        };
        let two = [s("月度目标计划（累计）", 1.0), s("实际完成（累计）", 0.5)];
        let chart = lines("计划与实际", &x, &two, "个", 760).expect("lines");
        let r = renderings(&chart);
        for (svg, stacked) in [(r[0], false), (r[1], true)] {
            let t = texts(svg);
            let legend: Vec<i64> = t
                .iter()
                .filter(|t| t.3.ends_with("（累计）"))
                .map(|t| t.1)
                .collect();
            assert_eq!(legend.len(), 2, "{svg}");
            // The highest value label of the y axis marks the plot's top.
            let top = t
                .iter()
                .filter(|t| t.3.parse::<f64>().is_ok())
                .map(|t| t.1)
                .min()
                .expect("y labels");
            let size = sizes(if stacked { NARROW } else { 760 }).small as i64;
            assert!(
                legend.iter().all(|y| *y + size < top),
                "{legend:?} vs {top}: {svg}"
            );
            // Wide: both beside 单位 on one line; phone: one a line, under 单位.
            assert_eq!(legend[0] != legend[1], stacked, "{legend:?}");
            let unit = t.iter().find(|t| t.3 == "单位：个").expect("unit").1;
            assert_eq!(legend.contains(&unit), !stacked, "{unit} {legend:?}");
        }
        // One series: no legend.
        let one = lines("趋势", &x, &two[..1], "个", 760).expect("lines");
        assert!(!one.contains("月度目标计划"), "{one}");
    }

    /// The value of attribute `k` in each tag starting with `tag` (`<rect`, `<use`…),
    /// in order, as numbers (a trailing `%` dropped).
    fn attr_of(svg: &str, tag: &str, k: &str) -> Vec<f64> {
        svg.split(tag)
            .skip(1)
            .filter_map(|t| {
                let head = t.split('>').next()?;
                let v = head.split(&format!(" {k}=\"")).nth(1)?.split('"').next()?;
                v.trim_end_matches('%').parse().ok()
            })
            .collect()
    }

    #[test]
    fn gantt_bars_end_at_their_due_dates_and_diamonds_sit_on_done_dates() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        let rows = vec![
            GanttRow {
                label: "<b>项目&备案".into(),
                due: d(2, 1),
                done: Some(d(1, 20)),
            },
            GanttRow {
                label: "土地供应".into(),
                due: d(4, 1),
                done: Some(d(5, 1)),
            },
            GanttRow {
                label: "开工入统".into(),
                due: d(6, 1),
                done: None,
            },
            GanttRow {
                label: "项目竣工".into(),
                due: d(12, 1),
                done: None,
            },
        ];
        let g = gantt("节点", d(1, 1), &rows, d(9, 1)).expect("gantt");
        assert!(
            g.contains("&lt;b&gt;项目&amp;备案") && !g.contains("<b>"),
            "{g}"
        );
        // Bars, one per row from the top: all start at the start date, their ends
        // grow with the due dates.
        let (xs, ws) = (attr_of(&g, "<rect", "x"), attr_of(&g, "<rect", "width"));
        assert_eq!(xs.len(), 4, "{g}");
        assert!(xs.iter().all(|x| *x == xs[0]), "{xs:?}");
        let ends: Vec<f64> = xs.iter().zip(&ws).map(|(x, w)| x + w).collect();
        assert!(ends.windows(2).all(|w| w[0] < w[1]), "{ends:?}");
        assert!(ends.iter().all(|e| *e <= 99.0), "{ends:?}");
        // The as-of rule at 9-01 lies between the third and the fourth due date; its
        // label sits on it.
        let ax = attr_of(&g, "<line", "x1");
        let ax = *ax.last().expect("the as-of rule");
        assert!(ends[2] < ax && ax < ends[3], "{ax} vs {ends:?}");
        let label = g.split("数据截至").next().unwrap_or("");
        assert!(label.ends_with("text-anchor=\"end\" font-size=\"12\">"));
        assert_eq!(attr_of(label, "<text", "x").last(), Some(&ax));
        // Green on time (before the first bar's end), amber late (after the second's),
        // red on the rule for the open item past due; none for the one not yet due.
        let colour = |c: &str| {
            let group = g
                .split(&format!("<g fill=\"{c}\">"))
                .nth(1)
                .and_then(|t| t.split("</g>").next())
                .unwrap_or("");
            (attr_of(group, "<use", "x"), attr_of(group, "<use", "y"))
        };
        let (green, amber, red) = (colour("#2E7D32"), colour("#D98C00"), colour("#B71C1C"));
        assert_eq!(
            (green.0.len(), amber.0.len(), red.0.len()),
            (1, 1, 1),
            "{g}"
        );
        assert!(
            green.0[0] < ends[0] && amber.0[0] > ends[1],
            "{green:?} {amber:?}"
        );
        assert_eq!(red.0[0], ax);
        // Each diamond sits on its own row's bar.
        let ys = attr_of(&g, "<rect", "y");
        for (y, row) in [(green.1[0], 0), (amber.1[0], 1), (red.1[0], 2)] {
            assert_eq!(y, ys[row] + 5.0, "{g}");
        }
        assert_eq!(g, gantt("节点", d(1, 1), &rows, d(9, 1)).expect("again"));
    }

    #[test]
    fn the_gantt_is_one_rendering_with_text_at_its_shown_size() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        let row = |i: u32| GanttRow {
            label: format!("节点{i}"),
            due: d(2 + i, 1),
            done: None,
        };
        let three: Vec<GanttRow> = (0..3).map(row).collect();
        let six: Vec<GanttRow> = (0..6).map(row).collect();
        let g3 = gantt("开工计划节点", d(1, 1), &three, d(11, 20)).expect("gantt");
        let g6 = gantt("开工计划节点", d(1, 1), &six, d(11, 20)).expect("gantt");
        for g in [&g3, &g6] {
            let head = g.split('>').next().unwrap_or("");
            // No viewBox: nothing scales, text renders at its font-size at any width.
            assert!(
                !head.contains("viewBox") && head.contains("width=\"100%\""),
                "{head}"
            );
            assert!(head.contains("class=\"chart gantt\""), "{head}");
            assert!(font_sizes(g).iter().all(|s| *s >= MIN_TEXT_PX), "{g}");
            // Every x is a share of the width, inside it.
            for tag in ["<rect", "<use", "<line", "<text"] {
                for k in ["x", "x1", "width"] {
                    for v in attr_of(g, tag, k) {
                        assert!((0.0..=100.0).contains(&v), "{tag} {k}={v} in {g}");
                    }
                }
            }
            assert!(!g.contains(" x=\"-"), "{g}");
        }
        // Three more items, three more rows of height.
        let height = |g: &str| attr_of(g, "<svg", "height")[0];
        assert_eq!(height(&g6) - height(&g3), 3.0 * f64::from(GANTT_ROW));
        // At most three date ticks, so they fit a phone's column.
        assert!(attr_of(&g6, "<line", "x1").len() <= GANTT_TICKS + 2, "{g6}");
    }

    #[test]
    fn month_ticks_fit_and_fall_on_month_starts() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        // Nine months, room for 6: every second month from January.
        let t = month_ticks(d(2026, 1, 10), d(2026, 10, 5), 6);
        assert_eq!(
            t,
            vec![d(2026, 3, 1), d(2026, 5, 1), d(2026, 7, 1), d(2026, 9, 1)]
        );
        // Room for exactly as many monthly ticks as there are months: monthly.
        let t = month_ticks(d(2026, 1, 1), d(2026, 4, 1), 4);
        assert_eq!(t.len(), 4);
        assert!(month_ticks(d(2026, 1, 1), d(2026, 4, 1), 3).len() <= 3);
        // Six years, room for 3: every three years (month index divisible by 36).
        let t = month_ticks(d(2020, 2, 1), d(2026, 2, 1), 3);
        assert!(t.len() <= 3 && !t.is_empty(), "{t:?}");
        assert!(t.iter().all(|x| x.day() == 1 && x.month() == 1), "{t:?}");
        // Under two months: weekly ticks, the day shown.
        let t = month_ticks(d(2025, 12, 20), d(2026, 1, 20), 6);
        assert_eq!(
            t,
            vec![
                d(2025, 12, 22),
                d(2026, 1, 1),
                d(2026, 1, 8),
                d(2026, 1, 15)
            ]
        );
        assert!(month_ticks(d(2026, 1, 1), d(2026, 1, 30), 2).len() <= 2);
    }
}
