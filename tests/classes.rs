//! Guards of the Air look, read from the sources: every Air style class the widget's markup names
//! (`style-*` for alerts and badges, `--style-*` for buttons) is listed in `assets/classes.json`,
//! so the generator keeps its token rules (an unlisted class renders unstyled without any other
//! error); and our stylesheets take every colour from a `var(--ui-…)` token.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::Path;

/// The `style-…` / `--style-…` tokens in `text`; a token ending in `-` is prose (`--style-…`).
fn style_classes(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let is_class_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("style-") {
        let mut start = at;
        if start >= 2 && &text[start - 2..start] == "--" {
            start -= 2;
        }
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'-') {
            continue;
        }
        let end = text[at..]
            .bytes()
            .position(|b| !is_class_byte(b))
            .map_or(text.len(), |n| at + n);
        let token = &text[start..end];
        if !token.ends_with('-') {
            out.insert(token.to_string());
        }
    }
    out
}

#[test]
fn the_scanner_finds_both_spellings() {
    let found = style_classes(
        r#"classes!("ui-btn", "--style-filled") "b24-badge style-tinted-alert" `--style-…` x-style-no"#,
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["--style-filled", "style-tinted-alert"]);
}

#[test]
fn every_style_class_in_the_widget_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(root.join("assets/classes.json")).expect("assets/classes.json"),
    )
    .expect("classes.json is an object");
    let mut used = BTreeSet::new();
    let mut files = 0;
    for entry in std::fs::read_dir(root.join("src/ui")).expect("src/ui") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            used.extend(style_classes(
                &std::fs::read_to_string(&path).expect("read"),
            ));
            files += 1;
        }
    }
    assert!(files > 0 && !used.is_empty(), "the scan found nothing");
    let missing: Vec<_> = used.iter().filter(|c| !listed.contains_key(*c)).collect();
    assert!(
        missing.is_empty(),
        "add these to assets/classes.json (then rebuild): {missing:?}"
    );
}

/// Hard-coded colours in `css` (comments stripped): hex, rgb(a)/hsl(a) literals, and custom
/// property definitions (our own palette instead of the tokens).
fn hard_coded_colours(css: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let mut found = Vec::new();
    for (i, _) in text.match_indices('#') {
        let hex: String = text[i + 1..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        let next = text[i + 1 + hex.len()..].chars().next();
        if matches!(hex.len(), 3 | 4 | 6 | 8) && !next.is_some_and(|c| c.is_alphanumeric()) {
            found.push(format!("#{hex}"));
        }
    }
    for f in ["rgb(", "rgba(", "hsl(", "hsla("] {
        if text.contains(f) {
            found.push(f.to_string());
        }
    }
    for decl in text.split(['{', ';']) {
        if decl.trim_start().starts_with("--") {
            found.push(decl.trim().to_string());
        }
    }
    found
}

#[test]
fn the_colour_scanner_sees_literals_and_own_palettes() {
    let css = "/* #fff in a comment */ :root{--ho-accent: #0075ff} .a{color:rgba(0,0,0,.1)} #id{}";
    let found = hard_coded_colours(css);
    assert!(found.contains(&"#0075ff".to_string()), "{found:?}");
    assert!(found.contains(&"rgba(".to_string()), "{found:?}");
    assert!(
        found.iter().any(|f| f.starts_with("--ho-accent")),
        "{found:?}"
    );
    assert!(!found.contains(&"#fff".to_string()), "{found:?}");
    assert!(hard_coded_colours(".a{color:var(--ui-color-base-1)}").is_empty());
}

#[test]
fn our_stylesheets_take_colours_from_the_air_tokens_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["static/app.css", "static/air.css", "sim/assets/host.css"] {
        let css = std::fs::read_to_string(root.join(file)).expect(file);
        let found = hard_coded_colours(&css);
        assert!(
            found.is_empty(),
            "{file} hard-codes colours; use var(--ui-…) tokens: {found:?}"
        );
    }
}
