//! The public sign-up form for a new provider.

use crate::api::provider::ProviderSignup as SignupAction;
use crate::components::forms::action_error;
use crate::components::{ErrorSummary, FieldProblem, PublicLayout};
use crate::i18n::{t, T};
use domain::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The public sign-up for cultural providers (`/provider/signup`).
#[component]
pub fn ProviderSignup() -> impl IntoView {
    let query = use_query_map();
    let signup = ServerAction::<SignupAction>::new();
    let error = Signal::derive(move || action_error(signup.value().get()));
    let done = move || query.with(|q| q.get("done")).is_some_and(|d| d == "signed_up");
    view! {
        <Title text=t(T::SignupTitle)/>
        <PublicLayout>
            <div class="narrow">
                <h1>{t(T::SignupTitle)}</h1>
                {move || if done() {
                    view! { <div class="alert alert-success" role="status"><p>{t(T::SignedUpText)}</p></div> }.into_any()
                } else {
                    view! { <SignupFormView signup=signup error=error/> }.into_any()
                }}
            </div>
        </PublicLayout>
    }
}

#[component]
fn SignupFormView(signup: ServerAction<SignupAction>, error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <p class="lead">{t(T::SignupIntro)}</p>
        <p class="hint">{t(T::SignupNextSteps)}</p>
        <ErrorSummary error=error/>
        <ActionForm action=signup attr:class="form">
            <fieldset>
                <legend>{t(T::YourOrganisation)}</legend>
                <SignupOrganisationFields error=error/>
            </fieldset>
            <fieldset>
                <legend>{t(T::BankAccount)}</legend>
                <SignupBankFields error=error/>
            </fieldset>
            <fieldset>
                <legend>{t(T::ContactPerson)}</legend>
                <SignupContactFields error=error/>
            </fieldset>
            <div class="checkbox">
                <input id="su-terms" name="signup[terms]" type="checkbox" value="on" required aria-describedby="terms-error"/>
                <label for="su-terms">{t(T::AcceptTerms)}</label>
            </div>
            <FieldProblem error=error field="terms"/>
            <button type="submit" class="button" disabled=move || signup.pending().get()>{t(T::SignupSubmit)}</button>
        </ActionForm>
        <p><a href="/login">{t(T::Login)}</a></p>
    }
    .into_any()
}

#[component]
fn SignupOrganisationFields(error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <label for="su-organisation">{t(T::Organisation)}</label>
        <input id="su-organisation" name="signup[organisation]" required maxlength="200" autocomplete="organization"
            aria-describedby="organisation-error"/>
        <FieldProblem error=error field="organisation"/>
        <label for="su-kvk">{t(T::KvkNumber)}</label>
        <p class="hint" id="su-kvk-hint">{t(T::KvkHint)}</p>
        <input id="su-kvk" name="signup[kvk_number]" required inputmode="numeric" maxlength="12" autocomplete="off"
            aria-describedby="su-kvk-hint kvk_number-error"/>
        <FieldProblem error=error field="kvk_number"/>
        <label for="su-vat">{t(T::VatNumber)}</label>
        <input id="su-vat" name="signup[vat_number]" maxlength="20" autocomplete="off" spellcheck="false" aria-describedby="vat_number-error"/>
        <FieldProblem error=error field="vat_number"/>
        <label for="su-city">{t(T::City)}</label>
        <input id="su-city" name="signup[city]" required maxlength="100" autocomplete="address-level2" aria-describedby="city-error"/>
        <FieldProblem error=error field="city"/>
        <label for="su-website">{t(T::Website)}</label>
        <p class="hint" id="su-website-hint">{t(T::WebsiteHint)}</p>
        <input id="su-website" name="signup[website]" type="url" maxlength="200" autocomplete="url"
            aria-describedby="su-website-hint website-error"/>
        <FieldProblem error=error field="website"/>
    }
    .into_any()
}

#[component]
fn SignupBankFields(error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <p class="hint" id="su-iban-hint">{t(T::IbanHint)}</p>
        <label for="su-iban">{t(T::Iban)}</label>
        <input id="su-iban" name="signup[iban]" required maxlength="42" autocomplete="off" spellcheck="false"
            aria-describedby="su-iban-hint iban-error"/>
        <FieldProblem error=error field="iban"/>
        <label for="su-holder">{t(T::AccountHolder)}</label>
        <input id="su-holder" name="signup[account_holder]" required maxlength="70" aria-describedby="account_holder-error"/>
        <FieldProblem error=error field="account_holder"/>
    }
    .into_any()
}

#[component]
fn SignupContactFields(error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <label for="su-contact-name">{t(T::ContactName)}</label>
        <input id="su-contact-name" name="signup[contact_name]" required maxlength="200" autocomplete="name"
            aria-describedby="contact_name-error"/>
        <FieldProblem error=error field="contact_name"/>
        <label for="su-contact-email">{t(T::ContactEmail)}</label>
        <p class="hint" id="su-contact-email-hint">{t(T::ContactEmailHint)}</p>
        <input id="su-contact-email" name="signup[contact_email]" type="email" required maxlength="254" autocomplete="email"
            aria-describedby="su-contact-email-hint contact_email-error"/>
        <FieldProblem error=error field="contact_email"/>
        <label for="su-contact-phone">{t(T::Phone)}</label>
        <input id="su-contact-phone" name="signup[contact_phone]" type="tel" maxlength="30" autocomplete="tel"
            aria-describedby="contact_phone-error"/>
        <FieldProblem error=error field="contact_phone"/>
    }
    .into_any()
}
