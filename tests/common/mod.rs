//! Helpers shared by the component tests.
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HostProps {
    pub view: Callback<(), Html>,
}

/// Hosts the `html!` a test builds (a component with its props), so each test renders its own.
#[component]
fn Host(props: &HostProps) -> Html {
    props.view.emit(())
}

/// Renders `view` (e.g. `|| html! { <Button label="Go" /> }`) into `root` (run `yew::scheduler::flush()` before reading the DOM).
pub fn mount(root: &Element, view: impl Fn() -> Html + 'static) {
    let props = HostProps {
        view: Callback::from(move |()| view()),
    };
    yew::Renderer::<Host>::with_root_and_props(root.clone(), props).render();
}

/// A fresh, empty element appended to the body, for one test's render.
pub fn fresh_root() -> Element {
    let document = gloo_document();
    let root = document.create_element("div").expect("create div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append root");
    root
}

fn gloo_document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// The text of the first element matching `selector` under `root`.
pub fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("no element {selector}"))
}

/// An attribute of the first element matching `selector` under `root`.
pub fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute(name))
}

/// How many elements match `selector` under `root`.
pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .map(|l| l.length())
        .unwrap_or(0)
}

/// Clicks the first element matching `selector`.
pub fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .unwrap_or_else(|| panic!("no element {selector}"))
        .click();
}
