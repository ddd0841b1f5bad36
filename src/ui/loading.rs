//! The one way pages wait for server data.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::ui::problem_fallback;

/// Wraps a view that awaits server data: a loading message the first time, the previous
/// content while reloading, and a translated problem with a retry if loading failed.
/// Shared, so the loading machinery is compiled once for every page.
#[component]
pub fn Loading(
    /// The view, usually `move || Suspend::new(async move { … })`.
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p role="status">{i18n.t("state.loading")}</p> }>
            <ErrorBoundary fallback=problem_fallback>
                {children()}
            </ErrorBoundary>
        </Transition>
    }
}
