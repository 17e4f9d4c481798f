//! Hostile data in a real browser.
//!
//! 1. Every CRM text the tab shows (pipeline, stage and stage-bar names, the channel, line,
//!    client and operator names, the hand-over's preview, steps, blockers and chat choice) is
//!    text, never markup: a property test over generated strings — HTML and script, quotes and
//!    entities, bidi and zero-width marks, combining marks and emoji, and one of 10 000
//!    characters. For each case the element shows exactly the string, and the rendered DOM has
//!    the same elements and attribute names as for a plain "x" (so no string became an element
//!    or an attribute).
//!
//!    The generator: a small seeded xorshift over a fixed list of hostile pieces, written here
//!    rather than `proptest` (which does not build for wasm32 without work-arounds): a failure
//!    names its seed, and the same seed gives the same strings on every run.
//! 2. The app option is read from `BX24.appOption.get` with bounds: a huge string, an object
//!    nested 100 000 deep, a cycle, a huge array — each an error, never a trapped wasm (the
//!    unbounded serde-wasm-bindgen reader overflows the stack on the deep one).
#![cfg(target_arch = "wasm32")]

mod common;

use common::{fresh_root, mount};
use handover::flow::read_rules;
use handover::handover::rules::RulesError;
use handover::handover::verify::StepKind;
use handover::i18n::{t, Key, Lang};
use handover::panel::{
    ActionView, BlockerKind, BlockerView, ChatOption, PanelView, PreviewView, Reason, RunPhase,
    StepError, StepState, StepView, WarningKind, WarningView,
};
use handover::portal::browser::BrowserFrame;
use handover::portal::bx24;
use handover::portal::error::local;
use handover::state::LoadState;
use handover::ui::handover_panel::HandoverPanel;
use handover::ui::screen::Screen;
use handover::view::{
    Channel, ChatCard, DealTab, HandedOver, Label, Operator, SessionState, StageProgress, StageTone,
};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::{html, scheduler, Callback};

wasm_bindgen_test_configure!(run_in_browser);

// ---- the generator -------------------------------------------------------------------------

/// What a hostile CRM name is made of.
const PIECES: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "<script>alert(\"x\")</script>",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"//evil.example\"></iframe>",
    "<input autofocus onfocus=alert(1)>",
    "<style>*{display:none}</style>",
    "</div></section></main>",
    "<b>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&lt;script&gt;",
    "&#60;",
    "\"",
    "'",
    "`",
    "\\",
    "${alert(1)}",
    "{{x}}",
    "javascript:alert(1)",
    "\u{202E}",
    "\u{202B}",
    "\u{200F}",
    "\u{200E}",
    "\u{2066}",
    "\u{2069}",
    "\u{200B}",
    "\u{FEFF}",
    "e\u{0301}",
    "Ирина",
    "Белова",
    "שלום",
    "مرحبا",
    "👩\u{200D}💼",
    " ",
    "  ",
    "\t",
    "\n",
    "0",
    "null",
    "undefined",
];

/// xorshift64*: small, seeded, the same on every run.
struct Gen(u64);

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One to twelve pieces; the first one (markup) never blank, so no name reads as missing.
    fn name(&mut self) -> String {
        let mut s = String::from(PIECES[self.below(8)]);
        for _ in 0..self.below(12) {
            s.push_str(PIECES[self.below(PIECES.len())]);
        }
        s
    }
}

/// A name of exactly 10 000 characters made of the pieces.
fn ten_thousand(g: &mut Gen) -> String {
    let mut s = String::new();
    while s.chars().count() < 10_000 {
        s.push_str(&g.name());
    }
    s.chars().take(10_000).collect()
}

// ---- what is rendered -----------------------------------------------------------------------

/// The strings of one case, one per shown field.
struct Names(Vec<String>);

impl Names {
    fn from(g: &mut Gen) -> Names {
        Names((0..FIELDS).map(|_| g.name()).collect())
    }

    fn all(s: &str) -> Names {
        Names(vec![s.to_owned(); FIELDS])
    }

    fn at(&self, i: usize) -> String {
        self.0[i].clone()
    }
}

const FIELDS: usize = 22;

fn deal_tab(n: &Names) -> DealTab {
    let card = |chat_id, handed_over| ChatCard {
        chat_id,
        channel: n.at(4),
        channel_kind: Channel::Other,
        line: Some(Label::Name(n.at(5))),
        client: Some(n.at(6)),
        operator: Operator::Person {
            name: n.at(7),
            photo: None,
            initials: handover::model::initials(&n.0[7]),
        },
        session: SessionState::Active,
        last_message: None,
        handed_over,
    };
    DealTab {
        deal_title: n.at(0),
        pipeline: Label::Name(n.at(1)),
        stage: Label::Name(n.at(2)),
        progress: StageProgress {
            tone: StageTone::Progress,
            steps: vec![n.at(3), n.at(2)],
            current: Some(1),
        },
        chats: vec![
            card(1, None),
            card(2, Some(HandedOver::User(Label::Name(n.at(8))))),
        ],
    }
}

fn panel(n: &Names) -> PanelView {
    PanelView {
        run: RunPhase::Failed,
        result: None,
        blocker: Some(BlockerView {
            kind: BlockerKind::TargetInactive,
            title: n.at(9),
            body: n.at(10),
            fix: Some(n.at(11)),
            repair: false,
        }),
        preview: Some(PreviewView {
            chat: n.at(12),
            operator_from: n.at(13),
            operator_to: n.at(14),
            deal_from: n.at(15),
            deal_to: n.at(16),
            responsible: Some(n.at(17)),
            warnings: vec![WarningView {
                kind: WarningKind::TargetNotInQueue,
                text: n.at(18),
            }],
        }),
        chats: vec![
            ChatOption {
                chat_id: 1,
                label: n.at(19),
                checked: true,
            },
            ChatOption {
                chat_id: 2,
                label: n.at(19),
                checked: false,
            },
        ],
        steps: vec![StepView {
            step: StepKind::Transfer,
            status: StepState::Failed,
            label: n.at(20),
            status_text: "Ошибка".into(),
            error: Some(StepError {
                reason: Reason::NotMoved,
                text: n.at(21),
            }),
        }],
        action: ActionView::Start {
            resume: true,
            busy: false,
        },
    }
}

/// Renders the first screen and the hand-over panel for `names` into a fresh root.
async fn render(names: &Names) -> Element {
    let root = fresh_root();
    let load = LoadState::Ready(Rc::new(deal_tab(names)));
    let view = Rc::new(panel(names));
    mount(&root, move || {
        html! {
            <>
                <Screen lang={Lang::Ru} load={load.clone()} on_retry={Callback::noop()}
                        on_layout={Callback::noop()} />
                <HandoverPanel lang={Lang::Ru} view={view.clone()} on_start={Callback::noop()}
                               on_confirm={Callback::noop()} on_cancel={Callback::noop()}
                               on_choose_chat={Callback::noop()} />
            </>
        }
    });
    scheduler::flush().await;
    root
}

/// Every element under `root` in document order: its tag and its attribute names.
fn shape(root: &Element) -> Vec<String> {
    let all = root.query_selector_all("*").expect("query");
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        .map(|e| {
            let mut names = e.get_attribute_names().to_vec();
            names.sort_by_key(|n| n.as_string());
            let names: Vec<String> = names.iter().filter_map(JsValue::as_string).collect();
            format!("{}[{}]", e.tag_name(), names.join(","))
        })
        .collect()
}

fn texts(root: &Element, css: &str) -> Vec<String> {
    let all = root.query_selector_all(css).expect("query");
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn titles(root: &Element, css: &str) -> Vec<String> {
    let all = root.query_selector_all(css).expect("query");
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        .map(|e| e.get_attribute("title").unwrap_or_default())
        .collect()
}

/// The property, for one case: each field shows its string exactly, and nothing else changed.
fn check(root: &Element, n: &Names, plain: &[String], case: &str) {
    let exact = |css: &str, want: Vec<String>| {
        assert_eq!(texts(root, css), want, "{case}: {css}");
    };
    exact(".deal-pipeline", vec![n.at(1)]);
    exact(".deal-stage", vec![n.at(2)]);
    assert_eq!(
        titles(root, "li.stage-step"),
        vec![n.at(3), n.at(2)],
        "{case}: stage bar"
    );
    exact(".chat-channel", vec![n.at(4), n.at(4)]);
    exact(".chat-line", vec![n.at(5)]);
    exact(".chat-client", vec![n.at(6)]);
    exact(".chat-operator", vec![n.at(7)]);
    exact(
        ".chat-handed-over-to",
        vec![t(Lang::Ru, Key::HandedOverTo(n.at(8)))],
    );
    exact("[data-blocker] .alert-title", vec![n.at(9)]);
    exact("[data-blocker] .alert-text", vec![n.at(10)]);
    exact("[data-blocker] .alert-fix", vec![n.at(11)]);
    exact(".preview-chat", vec![n.at(12)]);
    exact(".preview-operator-from", vec![n.at(13)]);
    exact(".preview-operator-to", vec![n.at(14)]);
    exact(".preview-deal-from", vec![n.at(15)]);
    exact(".preview-deal-to", vec![n.at(16)]);
    exact(".preview-responsible", vec![n.at(17)]);
    exact("[data-warning] .alert-title", vec![n.at(18)]);
    exact(".chat-choice-option span", vec![n.at(19), n.at(19)]);
    exact(".step-label", vec![n.at(20)]);
    exact(".step-error", vec![n.at(21)]);
    assert_eq!(
        shape(root),
        plain,
        "{case}: the markup in a name became DOM"
    );
}

#[wasm_bindgen_test]
async fn crm_texts_are_text_for_any_string() {
    let plain = shape(&render(&Names::all("x")).await);
    assert!(plain.len() > 40, "the screen rendered: {plain:?}");
    for seed in 1..=40u64 {
        let names = Names::from(&mut Gen::new(seed));
        let root = render(&names).await;
        check(&root, &names, &plain, &format!("seed {seed}"));
        root.remove();
    }
    let long = ten_thousand(&mut Gen::new(7));
    assert_eq!(long.chars().count(), 10_000);
    let names = Names::all(&long);
    let root = render(&names).await;
    check(&root, &names, &plain, "10 000 characters");
    root.remove();
}

#[wasm_bindgen_test]
fn the_generator_makes_hostile_strings() {
    let mut g = Gen::new(1);
    let names: Vec<String> = (0..200).map(|_| g.name()).collect();
    let has = |p: &str| names.iter().any(|n| n.contains(p));
    for p in ["<script>", "onerror", "\u{202E}", "\"", "'", "&amp;"] {
        assert!(has(p), "{p} never generated");
    }
    assert!(names.iter().all(|n| !n.trim().is_empty()));
    // The same seed, the same strings.
    assert_eq!(Gen::new(9).name(), Gen::new(9).name());
}

// ---- the app option, bounded --------------------------------------------------------------

/// Installs `window.BX24` with an `appOption.get` that answers `value` (built by `make`, a JS
/// function body returning the value).
fn bx24_answering(make: &str) {
    let f = js_sys::Function::new_no_args(&format!(
        "var v = (function () {{ {make} }})(); \
         window.BX24 = {{ appOption: {{ get: function () {{ return v; }} }} }};"
    ));
    f.call0(&JsValue::NULL).expect("install BX24");
}

fn option_error(make: &str) -> String {
    bx24_answering(make);
    match bx24::app_option("handover_rules") {
        Ok(v) => panic!(
            "read: {}",
            v.to_string().chars().take(80).collect::<String>()
        ),
        Err(e) => e.code,
    }
}

#[wasm_bindgen_test]
fn the_option_is_read_with_bounds_never_a_trap() {
    // A string a megabyte long: refused by its length, not copied.
    assert_eq!(
        option_error("return 'x'.repeat(1000000);"),
        local::TOO_LARGE
    );
    // An array whose JSON is over the portal's size.
    assert_eq!(
        option_error("return new Array(100000).fill(0);"),
        local::TOO_LARGE
    );
    // Nested 100 000 deep: refused by the size of its JSON (or JSON.stringify's own stack
    // limit, caught), and nothing recursed into it in the wasm.
    let deep =
        option_error("var o = 1; for (var i = 0; i < 100000; i++) { o = {x: o}; } return o;");
    assert!(deep == local::TOO_LARGE || deep == local::SDK, "{deep}");
    // Nested 30 000 and 200 deep, within the size: refused by the parser's nesting limit.
    for depth in [30_000, 200] {
        assert_eq!(
            option_error(&format!(
                "var o = 1; for (var i = 0; i < {depth}; i++) {{ o = [o]; }} return o;"
            )),
            local::SDK,
            "{depth}"
        );
    }
    // A cycle, a BigInt: not JSON data.
    assert_eq!(
        option_error("var o = {}; o.self = o; return o;"),
        local::SDK
    );
    assert_eq!(option_error("return {n: BigInt(1)};"), local::SDK);

    // Data within bounds reads as it is, a string as a string.
    bx24_answering("return {version: 1, rules: []};");
    assert_eq!(
        bx24::app_option("x").map(|v| v.to_string()),
        Ok(r#"{"version":1,"rules":[]}"#.into())
    );
    bx24_answering("return '{\"version\":1}';");
    assert_eq!(
        bx24::app_option("x"),
        Ok(serde_json::Value::String(r#"{"version":1}"#.into()))
    );
    bx24_answering("return undefined;");
    assert_eq!(bx24::app_option("x"), Ok(serde_json::Value::Null));
}

#[wasm_bindgen_test]
fn a_hostile_option_is_unreadable_rules_on_the_tab() {
    bx24_answering("return 'x'.repeat(70000);");
    assert_eq!(read_rules(&BrowserFrame), Err(RulesError::TooLarge));
    // Deep enough to trouble a recursive reader, short enough to reach the parser.
    bx24_answering("var o = 1; for (var i = 0; i < 20000; i++) { o = [o]; } return o;");
    assert!(matches!(
        read_rules(&BrowserFrame),
        Err(RulesError::Malformed(_))
    ));
    bx24_answering("return {version: 1, rules: [{id: 5}]};");
    assert!(matches!(
        read_rules(&BrowserFrame),
        Err(RulesError::Malformed(_))
    ));
}
