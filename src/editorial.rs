//! The editorial text of a monthly bulletin, `data/bulletins/<YYYY-MM>.md`: Markdown
//! with an optional TOML front matter between `+++` lines giving 文号, 签发日期 and
//! 标题. Raw HTML in the Markdown is shown as text, never passed through.

use crate::findings::{Code, Finding, Severity};
use crate::model::{Date, parse_month};
use crate::parse::translate;
use crate::source::Source;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd, html};
use serde::Deserialize;

/// Front matter keys (Chinese, as an office writes them).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    #[serde(rename = "文号")]
    number: Option<String>,
    #[serde(rename = "签发日期")]
    signed: Option<Date>,
    #[serde(rename = "标题")]
    title: Option<String>,
    #[serde(rename = "抄送")]
    cc: Option<String>,
}

/// A parsed editorial.
#[derive(Debug, Clone, PartialEq)]
pub struct Editorial {
    /// `YYYY-MM` from the file name.
    pub month: String,
    /// 发文字号, if given.
    pub number: Option<String>,
    /// 签发日期, if given.
    pub signed: Option<Date>,
    /// Title: front matter 标题, else the first `# ` heading.
    pub title: Option<String>,
    /// 抄送 of the 版记, if given.
    pub cc: Option<String>,
    /// The body rendered to HTML (the title heading removed; raw HTML escaped).
    pub html: String,
}

/// Parse an editorial file.
pub fn parse(src: &Source) -> Result<Editorial, Vec<Finding>> {
    let stem = src
        .path
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md");
    if parse_month(stem).is_none() {
        return Err(vec![Finding::new(
            Severity::Error,
            Code::Path,
            &src.path,
            format!(
                "通报正文的文件名应为“年-月”，如 data/bulletins/2026-10.md，现在是 `{stem}.md`。请改名"
            ),
        )]);
    }
    let text = src.text.as_str();
    let (front, body) = split_front(text);
    let front: Front = match front {
        Some(f) => {
            // One leading line stands for the opening `+++`, so lines match the file.
            let fsrc = Source::new(src.path.clone(), format!("\n{}", quote_keys(f)));
            toml::from_str(&fsrc.text).map_err(|e| vec![translate(&fsrc, &e)])?
        }
        None => Front::default(),
    };
    let (title_md, html) = render(body);
    Ok(Editorial {
        month: stem.to_string(),
        number: front.number,
        signed: front.signed,
        title: front.title.or(title_md),
        cc: front.cc,
        html,
    })
}

/// People write `文号 = "…"`; TOML wants non-ASCII keys quoted. Quote a bare key
/// at the start of a line (positions stay on the same line).
fn quote_keys(front: &str) -> String {
    front
        .split_inclusive('\n')
        .map(|line| match line.split_once('=') {
            Some((k, rest))
                if !k.trim().is_empty()
                    && !k.trim().starts_with(['"', '\'', '#', '['])
                    && !k.trim().is_ascii() =>
            {
                format!("\"{}\" ={rest}", k.trim())
            }
            _ => line.to_string(),
        })
        .collect()
}

/// Split `+++ … +++` front matter from the body.
fn split_front(text: &str) -> (Option<&str>, &str) {
    let t = text.trim_start_matches('\u{FEFF}');
    let Some(rest) = t.strip_prefix("+++") else {
        return (None, t);
    };
    let rest = rest
        .trim_start_matches(['\r', ' '])
        .strip_prefix('\n')
        .unwrap_or(rest);
    match rest.find("\n+++") {
        Some(i) => {
            let front = &rest[..i + 1];
            let after = &rest[i + 4..];
            let after = after.split_once('\n').map_or("", |(_, b)| b);
            (Some(front), after)
        }
        None => (None, t),
    }
}

/// Markdown to HTML: the first level-1 heading becomes the title; raw HTML is
/// turned into text so it is escaped.
fn render(md: &str) -> (Option<String>, String) {
    let mut title: Option<String> = None;
    let mut in_title = false;
    let mut title_done = false;
    let mut events = Vec::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if !title_done => {
                in_title = true;
                title = Some(String::new());
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_title => {
                in_title = false;
                title_done = true;
            }
            Event::Text(t) | Event::Code(t) if in_title => {
                if let Some(s) = title.as_mut() {
                    s.push_str(&t);
                }
            }
            _ if in_title => {}
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            e => events.push(e),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    (title, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(path: &str, text: &str) -> Source {
        Source::new(path, text.to_string())
    }

    #[test]
    fn front_matter_title_and_body() {
        let e = parse(&src(
            "data/bulletins/2026-10.md",
            "+++\n文号 = \"青招办〔2026〕10号\"\n签发日期 = 2026-11-06\n+++\n\n# 关于10月的通报\n\n正文<script>alert(1)</script>\n",
        ))
        .expect("parses");
        assert_eq!(e.number.as_deref(), Some("青招办〔2026〕10号"));
        assert_eq!(
            e.signed.map(|d| d.to_string()).as_deref(),
            Some("2026-11-06")
        );
        assert_eq!(e.title.as_deref(), Some("关于10月的通报"));
        assert!(e.html.contains("正文&lt;script&gt;"), "{}", e.html);
        assert!(!e.html.contains("<h1>"));
    }

    #[test]
    fn bad_name_and_bad_front_matter_are_findings() {
        let e = parse(&src("data/bulletins/十月.md", "正文")).expect_err("bad name");
        assert_eq!(e[0].code, Code::Path);
        let e = parse(&src("data/bulletins/2026-10.md", "+++\n文号 = 10号\n+++\n"))
            .expect_err("bad toml");
        assert_eq!(e[0].line, 2);
    }
}
