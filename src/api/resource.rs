//! Server data for views ([`ApiResource`]) and changes sent from forms ([`ApiAction`]).
//!
//! Both wrap one `LocalResource` and one `Action` instantiation that carry the answer as
//! JSON text; the typed answer is decoded where it is read. Leptos compiles its async
//! machinery once per distinct type, so sharing these types keeps the bundle small.

use std::future::IntoFuture;
use std::marker::PhantomData;
use std::rc::Rc;

use arkki_api::json::FromJson;
use futures::future::BoxFuture;
use leptos::prelude::*;

use super::{decode, exchange, AnswerText, ApiCall, ApiError, ApiResult, Outgoing};

/// Data a view loads from one endpoint, reloaded whenever the signals its call reads
/// change. Await it inside `Suspend` so `Transition` and `ErrorBoundary` handle loading
/// and failure.
pub struct ApiResource<T> {
    answer: LocalResource<ApiResult<AnswerText>>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Clone for ApiResource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ApiResource<T> {}

impl<T: FromJson + 'static> ApiResource<T> {
    /// Loads what `call` asks for, and again when the signals it reads change.
    pub fn new(call: impl Fn() -> ApiCall<T> + 'static) -> Self {
        ApiResource {
            answer: shared_resource(Rc::new(move || call().outgoing)),
            kind: PhantomData,
        }
    }

    /// The loaded answer, or `None` while the first load is under way. Reactive.
    pub fn get(&self) -> Option<ApiResult<T>> {
        self.answer
            .get()
            .map(|answer| answer.and_then(|t| decode(&t)))
    }

    /// Loads again, keeping the current answer on screen until the new one arrives.
    pub fn refetch(&self) {
        self.answer.refetch();
    }
}

fn shared_resource(call: Rc<dyn Fn() -> Outgoing>) -> LocalResource<ApiResult<AnswerText>> {
    LocalResource::new(move || exchange(call()))
}

impl<T: FromJson + 'static> IntoFuture for ApiResource<T> {
    type Output = ApiResult<T>;
    // `Send`, as `Suspend` requires; the answer text is shared, not the decoded value.
    type IntoFuture = BoxFuture<'static, ApiResult<T>>;

    fn into_future(self) -> Self::IntoFuture {
        // Taken here, not inside the future, so the surrounding `Suspend` sees the read.
        let answer = self.answer.into_future();
        Box::pin(async move { answer.await.and_then(|t| decode(&t)) })
    }
}

/// A change sent to the server from a form or a button, with its pending state, the
/// refusal to show and the answer.
pub struct ApiAction<T> {
    action: Action<Outgoing, ApiResult<AnswerText>>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Clone for ApiAction<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ApiAction<T> {}

impl<T: FromJson + 'static> Default for ApiAction<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: FromJson + 'static> ApiAction<T> {
    pub fn new() -> Self {
        ApiAction {
            action: shared_action(),
            kind: PhantomData,
        }
    }

    /// Sends `call`; its answer replaces the previous one.
    pub fn send(&self, call: ApiCall<T>) {
        self.action.dispatch_local(call.outgoing);
    }

    /// Whether a call is under way.
    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }

    /// Why the last call failed, for `ProblemMessage`; `None` before a call and after
    /// success.
    pub fn error(&self) -> Signal<Option<ApiError>> {
        refusal(self.action, |text| decode::<T>(text).err())
    }

    /// The answer to the last call, once it has succeeded. Reactive.
    pub fn answer(&self) -> Option<T> {
        match self.action.value().get() {
            Some(Ok(text)) => decode(&text).ok(),
            _ => None,
        }
    }

    /// Forgets the last answer or refusal, as after the person reloaded what it was about.
    pub fn clear(&self) {
        self.action.value().set(None);
    }

    /// Runs `then` with every successful answer.
    pub fn on_answer(&self, then: impl Fn(T) + 'static) {
        on_success(
            self.action,
            Rc::new(move |text: &str| {
                if let Ok(answer) = decode(text) {
                    then(answer);
                }
            }),
        );
    }
}

fn shared_action() -> Action<Outgoing, ApiResult<AnswerText>> {
    Action::new_local(|outgoing: &Outgoing| exchange(outgoing.clone()))
}

fn refusal(
    action: Action<Outgoing, ApiResult<AnswerText>>,
    unreadable: fn(&str) -> Option<ApiError>,
) -> Signal<Option<ApiError>> {
    Signal::derive(move || match action.value().get() {
        Some(Err(error)) => Some(error),
        Some(Ok(text)) => unreadable(&text),
        None => None,
    })
}

fn on_success(action: Action<Outgoing, ApiResult<AnswerText>>, then: Rc<dyn Fn(&str)>) {
    Effect::new(move |_| {
        if let Some(Ok(text)) = action.value().get() {
            then(&text);
        }
    });
}
