//! Terms acceptance: the gate, the limited mode, "My terms", reading a version, notices,
//! and the administrators' page.

pub mod admin_terms_page;
pub mod audience_select;
pub mod limited_mode;
pub mod my_terms_page;
pub mod notice_banners;
pub mod students_page;
pub mod terms_diff;
pub mod terms_gate;
pub mod terms_text;
pub mod version_page;

pub use admin_terms_page::AdminTermsPage;
pub use limited_mode::LimitedMode;
pub use my_terms_page::MyTermsPage;
pub use notice_banners::NoticeBanners;
pub use students_page::StudentsPage;
pub use terms_gate::TermsGate;
pub use version_page::VersionPage;

/// A date in the reader's language, from UTC seconds.
pub fn format_date(seconds: i64, locale: arkki_api::account::Locale) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0));
    let tag = match locale {
        arkki_api::account::Locale::Fi => "fi-FI",
        arkki_api::account::Locale::Sv => "sv-FI",
        arkki_api::account::Locale::En => "en-GB",
    };
    date.to_locale_string(tag, &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}
