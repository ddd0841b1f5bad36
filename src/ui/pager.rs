//! Moving through a cursor-paged list, forwards and back.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Where a cursor-paged list stands: the cursor of the page shown (`None` for the first)
/// and the cursors of the pages before it, so that "previous" can go back.
#[derive(Clone, Copy)]
pub struct PageCursor {
    before: RwSignal<Vec<Option<String>>>,
    after: RwSignal<Option<String>>,
}

impl Default for PageCursor {
    fn default() -> Self {
        Self::new()
    }
}

impl PageCursor {
    pub fn new() -> Self {
        PageCursor {
            before: RwSignal::new(Vec::new()),
            after: RwSignal::new(None),
        }
    }

    /// The cursor to load the shown page with. Reactive.
    pub fn current(&self) -> Option<String> {
        self.after.get()
    }

    /// Back to the first page, as when the search changes.
    pub fn reset(&self) {
        self.before.set(Vec::new());
        self.after.set(None);
    }

    pub fn forward(&self, next: String) {
        self.before.update(|b| b.push(self.after.get_untracked()));
        self.after.set(Some(next));
    }

    pub fn back(&self) {
        let previous = self.before.try_update(|b| b.pop().flatten()).flatten();
        self.after.set(previous);
    }

    /// Whether there is a page before the shown one. Reactive.
    pub fn has_previous(&self) -> bool {
        self.before.with(|b| !b.is_empty())
    }
}

/// "Previous page" and "next page" under a list.
#[component]
pub fn Pager(
    cursor: PageCursor,
    /// The cursor of the page after the shown one, if there is one.
    next: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pager" aria-label=i18n.text("pager.label")>
            <Show when=move || cursor.has_previous()>
                <button type="button" on:click=move |_| cursor.back()>
                    {i18n.text("action.previous_page")}
                </button>
            </Show>
            {next.map(|next| view! {
                <button type="button" on:click=move |_| cursor.forward(next.clone())>
                    {i18n.text("action.next_page")}
                </button>
            })}
        </nav>
    }
}
