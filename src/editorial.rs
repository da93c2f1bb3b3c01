//! The editorial text of a monthly bulletin, `data/bulletins/<YYYY-MM>.md`: Markdown
//! with an optional TOML front matter between `+++` lines giving 文号, 签发日期 and
//! 标题. Raw HTML in the Markdown is shown as text, never passed through, and a
//! link or image whose address is not `http`, `https`, `mailto`, relative or `#` is
//! shown as its text and reported (a `schema` error at its line).

use crate::findings::{Code, Finding, Severity};
use crate::model::{Date, parse_month};
use crate::parse::translate;
use crate::rules::at;
use crate::source::Source;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html};
use serde::Deserialize;
use std::ops::Range;

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
    /// The body rendered to HTML (the title heading removed; raw HTML escaped;
    /// refused links and images reduced to their text).
    pub html: String,
    /// Links and images that were not published (see [`allowed_url`]), one finding
    /// each, at the line of the link (of its definition for a reference link).
    pub findings: Vec<Finding>,
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
    // The body is a suffix of the text: its offset maps spans back to file lines.
    let offset = text.len() - body.len();
    let (title_md, html, refused) = render(body);
    let findings = refused
        .into_iter()
        .map(|r| {
            let span = r.span.start + offset..r.span.end + offset;
            at(src, span, Severity::Error, Code::Schema, r.message())
        })
        .collect();
    Ok(Editorial {
        month: stem.to_string(),
        number: front.number,
        signed: front.signed,
        title: front.title.or(title_md),
        cc: front.cc,
        html,
        findings,
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

/// A link or image whose address was not published.
#[derive(Debug, Clone, PartialEq)]
struct Refused {
    /// Where to fix it, in the body: the link, or its reference definition.
    span: Range<usize>,
    /// The address as written (entities decoded).
    url: String,
    /// An image rather than a link.
    image: bool,
}

impl Refused {
    /// The Chinese message: what was not published, what is allowed, what to do.
    fn message(&self) -> String {
        let (what, shown) = if self.image {
            ("图片", "图片说明文字")
        } else {
            ("链接", "链接文字")
        };
        let url = visible(&self.url);
        let local = {
            let u = self.url.trim().to_ascii_lowercase();
            u.starts_with("file:")
                || u.starts_with("\\\\")
                || matches!(u.as_bytes(), [d, b':', ..] if d.is_ascii_alphabetic())
        };
        let hint = if local {
            "本机或共享文件夹里的文件（C:\\…、\\\\服务器\\…、file:）别人在网站上打不开：请把文件放到能公开访问的网站上，改用 https:// 地址链接".to_string()
        } else {
            format!("请改成以上形式的地址，或删掉这个{what}")
        };
        format!(
            "{what}地址 `{url}` 未发布（网页上只显示{shown}）：通报中的链接和图片只允许 http:// 或 https:// 开头的网址、mailto: 邮件地址、站内相对地址（如 ../projects/2026-001.html）和 # 开头的页内位置。{hint}"
        )
    }
}

/// An address as a message shows it: control characters made visible, at most 80 characters.
fn visible(url: &str) -> String {
    let mut out: String = url
        .chars()
        .take(80)
        .flat_map(|c| {
            let esc: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            esc
        })
        .collect();
    if url.chars().count() > 80 {
        out.push('…');
    }
    out.replace('`', "'")
}

/// Whether a bulletin may publish this link or image address: `http:`, `https:`,
/// `mailto:`, a relative address or a `#` fragment. Refused: any other scheme
/// (`javascript:`, `vbscript:`, `data:`, `file:`, a drive letter `C:`), a scheme
/// hidden by percent-encoding (`%6Aavascript:`), surrounding blanks or control
/// characters (`java&#x09;script:`, entities are decoded before this), and `//host`
/// or `\\host` addresses that leave the site without saying a scheme.
pub fn allowed_url(url: &str) -> bool {
    // Browsers drop tabs and newlines inside an address and blanks around it: no
    // real address has a control character, so any is refused outright.
    if url.chars().any(char::is_control) {
        return false;
    }
    let plain = url.trim_matches(|c: char| c.is_whitespace());
    let decoded: String = percent_decode(plain)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    [plain, decoded.trim_matches(|c: char| c.is_whitespace())]
        .into_iter()
        .all(|u| {
            let mut lead = u.chars().take(2);
            let slash = |c: Option<char>| matches!(c, Some('/' | '\\'));
            if slash(lead.next()) && slash(lead.next()) {
                return false;
            }
            match scheme(u) {
                Some(s) => ["http", "https", "mailto"]
                    .iter()
                    .any(|ok| s.eq_ignore_ascii_case(ok)),
                None => true,
            }
        })
}

/// The scheme of an address (`[A-Za-z][A-Za-z0-9+.-]*` before a `:`), if it has one.
fn scheme(u: &str) -> Option<&str> {
    let end = u.find(':')?;
    let s = &u[..end];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(s)
}

/// `%XX` decoded (invalid sequences kept as written; invalid UTF-8 replaced).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |j: usize| b.get(j).and_then(|c| (*c as char).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Check a link or image start: `Some(refused)` when its address may not be published.
fn refuse(
    link_type: LinkType,
    dest: &CowStr,
    id: &CowStr,
    span: &Range<usize>,
    defs: &pulldown_cmark::RefDefs,
    image: bool,
) -> Option<Refused> {
    // An e-mail autolink is published as `mailto:` + the address.
    if link_type == LinkType::Email || allowed_url(dest) {
        return None;
    }
    // A reference link is fixed where its address is defined.
    let span = match link_type {
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => defs
            .get(id)
            .map_or_else(|| span.clone(), |d| d.span.clone()),
        _ => span.clone(),
    };
    Some(Refused {
        span,
        url: dest.to_string(),
        image,
    })
}

/// Markdown to HTML: the first level-1 heading becomes the title; raw HTML is
/// turned into text so it is escaped; a link or image with an address that is not
/// allowed loses its tag (its text stays) and is returned, one per place to fix.
fn render(md: &str) -> (Option<String>, String, Vec<Refused>) {
    let mut title: Option<String> = None;
    let mut in_title = false;
    let mut title_done = false;
    let mut events = Vec::new();
    let mut refused: Vec<Refused> = Vec::new();
    // Per open link / image: whether its tags are dropped.
    let mut links: Vec<bool> = Vec::new();
    let mut images: Vec<bool> = Vec::new();
    let mut iter = Parser::new(md).into_offset_iter();
    while let Some((ev, span)) = iter.next() {
        let drop = match &ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                let image = matches!(ev, Event::Start(Tag::Image { .. }));
                let r = refuse(
                    *link_type,
                    dest_url,
                    id,
                    &span,
                    iter.reference_definitions(),
                    image,
                );
                let drop = r.is_some();
                if let Some(r) = r
                    && !refused.iter().any(|x| x.span == r.span)
                {
                    refused.push(r);
                }
                if image {
                    images.push(drop);
                } else {
                    links.push(drop);
                }
                drop
            }
            Event::End(TagEnd::Link) => links.pop().unwrap_or(false),
            Event::End(TagEnd::Image) => images.pop().unwrap_or(false),
            _ => false,
        };
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
            _ if drop => {}
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            e => events.push(e),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    refused.sort_by_key(|r| r.span.start);
    (title, out, refused)
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
    fn allowed_urls() {
        for ok in [
            "https://example.gov.cn/a?b=1",
            "HTTP://example.gov.cn",
            "mailto:a@b.cn",
            "../projects/2026-001.html",
            "images/a.png",
            "#二",
            "",
            "附件:1.pdf",
            "files/a%3Ab.pdf",
            "mailto:a@b.cn?body=%0A",
        ] {
            assert!(allowed_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JAVASCRIPT:alert(1)",
            "java\tscript:alert(1)",
            "java\u{0}script:",
            "\u{85}javascript:",
            "%6Aavascript:alert(1)",
            "%20javascript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "file:///C:/a",
            "C:\\a.doc",
            "//evil.example",
            "\\\\server\\share",
            "/\\evil.example",
        ] {
            assert!(!allowed_url(bad), "{bad}");
        }
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
