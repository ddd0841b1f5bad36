//! Browser tests of components: each mounts a real component in headless Chromium.

#![cfg(target_arch = "wasm32")]

use arkki::account::password_rules::PasswordRules;
use arkki::account::session::provide_session;
use arkki::account::SignInPage;
use arkki::api::ApiError;
use arkki::i18n::{provide_i18n, use_i18n};
use arkki::ui::language_switch::LanguageSwitch;
use arkki::ui::{provide_toasts, PageCursor, Pager, ProblemMessage};
use arkki_api::ErrorCode;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> HtmlElement {
    let _ = window().local_storage().unwrap().unwrap().clear();
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

async fn settle() {
    for _ in 0..20 {
        tick().await;
        gloo_timers_sleep(10).await;
    }
}

async fn gloo_timers_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The first element matching `selector` once it appears, within about ten seconds.
async fn wait_for(root: &HtmlElement, selector: &str) -> Option<web_sys::Element> {
    for _ in 0..50 {
        settle().await;
        if let Some(found) = root.query_selector(selector).unwrap() {
            return Some(found);
        }
    }
    None
}

fn label_texts(root: &HtmlElement) -> Vec<String> {
    let labels = root.query_selector_all("label").unwrap();
    (0..labels.length())
        .map(|i| labels.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn sign_in_form_has_labelled_fields_and_shows_failures_translated() {
    let root = fresh_container();
    let _handle = mount_to(root.clone(), || {
        let i18n = provide_i18n();
        provide_session(i18n);
        provide_toasts();
        view! { <Router><SignInPage /></Router> }
    });
    settle().await;
    let labels = label_texts(&root);
    assert!(labels.contains(&"Käyttäjätunnus".to_owned()), "{labels:?}");
    assert!(labels.contains(&"Salasana".to_owned()), "{labels:?}");
    // Every input has a label pointing at it.
    let inputs = root.query_selector_all("input").unwrap();
    for i in 0..inputs.length() {
        let input: HtmlInputElement = inputs.item(i).unwrap().unchecked_into();
        let selector = format!("label[for='{}']", input.id());
        assert!(
            root.query_selector(&selector).unwrap().is_some(),
            "{}",
            input.id()
        );
    }
    assert_eq!(
        root.query_selector("#sign-in-password")
            .unwrap()
            .unwrap()
            .get_attribute("type")
            .as_deref(),
        Some("password")
    );
    // The test page has no Arkki server: the failure must still read as a sentence.
    let username: HtmlInputElement = root
        .query_selector("#sign-in-username")
        .unwrap()
        .unwrap()
        .unchecked_into();
    username.set_value("oppilas");
    username
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let password: HtmlInputElement = root
        .query_selector("#sign-in-password")
        .unwrap()
        .unwrap()
        .unchecked_into();
    password.set_value("whatever-it-is");
    password
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let button: HtmlElement = root
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    let alert = wait_for(&root, "[role=alert]").await;
    let text = alert.expect("an alert appears").text_content().unwrap();
    assert!(
        text.contains("Palvelussa tapahtui virhe") || text.contains("Yhteys palvelimeen katkesi"),
        "{text}"
    );
    assert!(
        !text.contains("internal") && !text.contains("404"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn language_switch_changes_text_and_lang_and_remembers_the_choice() {
    let root = fresh_container();
    let _handle = mount_to(root.clone(), || {
        let i18n = provide_i18n();
        provide_session(i18n);
        let i18n = use_i18n();
        view! {
            <Router>
                <LanguageSwitch />
                <h1 id="probe">{move || i18n.t("sign_in.title")}</h1>
            </Router>
        }
    });
    settle().await;
    let probe = root.query_selector("#probe").unwrap().unwrap();
    assert_eq!(probe.text_content().unwrap(), "Kirjaudu sisään");
    let select: HtmlSelectElement = root
        .query_selector("select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(select.value(), "fi");
    assert_eq!(select.options().length(), 3);
    select.set_value("sv");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(probe.text_content().unwrap(), "Logga in");
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("sv")
    );
    let stored = window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("arkki.locale")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("sv"));
    let label = root
        .query_selector("label")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(label, "Språk");
    select.set_value("en");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(probe.text_content().unwrap(), "Sign in");
}

#[wasm_bindgen_test]
async fn password_rules_tick_as_the_password_grows() {
    let root = fresh_container();
    let password = RwSignal::new(String::new());
    let _handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <PasswordRules password username=Signal::derive(|| "maija".to_owned()) /> }
    });
    settle().await;
    let met = || root.query_selector_all("li.met").unwrap().length();
    let all = root.query_selector_all("li").unwrap().length();
    assert_eq!(all, 5);
    password.set("maija".into());
    settle().await;
    assert!(
        met() < all,
        "a short password containing the username is not fine"
    );
    password.set("kissa-koira-hevonen".into());
    settle().await;
    assert_eq!(met(), all);
}

#[wasm_bindgen_test]
async fn problems_are_translated_and_network_failures_offer_a_retry() {
    let root = fresh_container();
    let error = RwSignal::new(None::<ApiError>);
    let retried = RwSignal::new(0);
    let _handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <ProblemMessage error retry=Callback::new(move |_| retried.update(|n| *n += 1)) /> }
    });
    settle().await;
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
    error.set(Some(ApiError::new(ErrorCode::PermissionDenied)));
    settle().await;
    let alert = root.query_selector("[role=alert]").unwrap().unwrap();
    assert_eq!(
        alert.text_content().unwrap(),
        "Sinulla ei ole oikeutta tähän."
    );
    assert!(root.query_selector("button").unwrap().is_none());
    error.set(Some(ApiError::new(ErrorCode::Network)));
    settle().await;
    let button: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Yritä uudelleen");
    button.click();
    settle().await;
    assert_eq!(retried.get_untracked(), 1);
    let mut limited = ApiError::new(ErrorCode::RateLimited);
    limited.retry_after = Some(125);
    error.set(Some(limited));
    settle().await;
    let text = root
        .query_selector("[role=alert]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("3 minuutin"), "{text}");
}

#[wasm_bindgen_test]
async fn loading_shows_progress_then_a_translated_failure() {
    use arkki::api::{terms as api_terms, ApiResource};
    use arkki::ui::Loading;
    let root = fresh_container();
    let _handle = mount_to(root.clone(), || {
        provide_i18n();
        // The test page has no Arkki server behind it, so the load fails.
        let documents = ApiResource::new(api_terms::documents);
        view! {
            <Loading>
                {move || Suspend::new(async move {
                    documents.await.map(|d| view! { <p id="loaded">{d.len()}</p> })
                })}
            </Loading>
        }
    });
    // The request cannot have been answered before the reactive system has run once.
    tick().await;
    let status = root.query_selector("[role=status]").unwrap();
    assert_eq!(
        status
            .expect("a loading message first")
            .text_content()
            .unwrap(),
        "Ladataan…"
    );
    let alert = wait_for(&root, "[role=alert]").await;
    let text = alert.expect("the failure is shown").text_content().unwrap();
    assert!(
        text.contains("Palvelussa tapahtui virhe") || text.contains("Yhteys palvelimeen katkesi"),
        "{text}"
    );
    assert!(root.query_selector("#loaded").unwrap().is_none());
    assert!(root.query_selector("[role=status]").unwrap().is_none());
}

fn button_texts(root: &HtmlElement) -> Vec<String> {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .map(|i| buttons.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn click_button(root: &HtmlElement, text: &str) {
    let buttons = root.query_selector_all("button").unwrap();
    let button = (0..buttons.length())
        .map(|i| buttons.item(i).unwrap())
        .find(|b| b.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no button {text}"));
    button.unchecked_into::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn pager_goes_forward_and_back_through_cursors() {
    let root = fresh_container();
    let cursor = PageCursor::new();
    let _handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <Pager cursor next=Some("page-2".to_owned()) /> }
    });
    settle().await;
    let nav = root.query_selector("nav").unwrap().unwrap();
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("Sivut"));
    // On the first page there is no way back.
    assert_eq!(button_texts(&root), ["Seuraava sivu"]);
    assert_eq!(cursor.current(), None);

    click_button(&root, "Seuraava sivu");
    settle().await;
    assert_eq!(cursor.current().as_deref(), Some("page-2"));
    assert_eq!(button_texts(&root), ["Edellinen sivu", "Seuraava sivu"]);

    click_button(&root, "Edellinen sivu");
    settle().await;
    assert_eq!(cursor.current(), None);
    assert_eq!(button_texts(&root), ["Seuraava sivu"]);

    cursor.forward("page-2".to_owned());
    cursor.reset();
    settle().await;
    assert_eq!(cursor.current(), None);
    assert_eq!(button_texts(&root), ["Seuraava sivu"]);
}
