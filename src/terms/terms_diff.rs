//! What changed since the version the person accepted before.

use arkki_api::terms::DiffKind;
use leptos::prelude::*;

use crate::api::{terms as api, ApiResource};
use crate::i18n::use_i18n;
use crate::ui::ProblemMessage;

/// A toggled, line-by-line diff; removed lines struck through, added lines marked.
#[component]
pub fn TermsDiff(
    /// The version being shown.
    version_id: i64,
    /// The version the person accepted before.
    from: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    view! {
        <div class="terms-diff">
            <button type="button" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { i18n.t("terms.hide_changes") } else { i18n.t("terms.show_changes") }}
            </button>
            <Show when=move || open.get()>
                <DiffLines version_id from />
            </Show>
        </div>
    }
}

/// The lines of the diff, loaded when first shown and again when the language changes.
#[component]
fn DiffLines(
    /// The version being shown.
    version_id: i64,
    /// The version the person accepted before.
    from: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let diff = ApiResource::new(move || api::diff(version_id, from, i18n.locale.get()));
    let error = Signal::derive(move || diff.get().and_then(|r| r.err()));
    view! {
                <ProblemMessage error />
                <p class="hint">{i18n.text("terms.diff_legend")}</p>
                <div class="diff-lines">
                    {move || diff.get().and_then(|r| r.ok()).map(|lines| {
                        lines.into_iter().map(|line| match line.kind {
                            DiffKind::Same => view! { <div class="same">{line.text}</div> }.into_any(),
                            DiffKind::Added => view! {
                                <ins><span class="visually-hidden">{i18n.t("terms.added")} ": "</span>{line.text}</ins>
                            }.into_any(),
                            DiffKind::Removed => view! {
                                <del><span class="visually-hidden">{i18n.t("terms.removed")} ": "</span>{line.text}</del>
                            }.into_any(),
                        }).collect_view()
                    })}
                </div>
    }
}
