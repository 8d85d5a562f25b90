//! Payouts to the provider, batch by batch, with the statement to download.

use super::ProviderNav;
use crate::api::provider::provider_payouts;
use crate::components::forms::loading;
use crate::components::pager::{page_param, paged_list};
use crate::components::PortalLayout;
use crate::i18n::{date_text, payout_status_name, t, T};
use domain::weborder::PayoutBatchRow;
use domain::Portal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The provider's payout statements, newest first.
#[component]
pub fn ProviderPayouts() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let payouts = Resource::new(page, provider_payouts);
    view! {
        <Title text=t(T::Payouts)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/payouts"/>
            <h1>{t(T::Payouts)}</h1>
            <p class="lead">{t(T::ProviderPayoutsIntro)}</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged_list(payouts.await, T::PayoutsEmpty, "/provider/payouts", String::new(), payout_row)
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One payout batch in the provider's list, with its statement downloads.
fn payout_row(b: PayoutBatchRow) -> AnyView {
    let id = b.id;
    view! {
        <div class="row-main">
            <strong>{format!("{} {}", t(T::PayoutBatch), b.number)}</strong>
            <span class=format!("badge badge-payout-{}", b.status.code())>{t(payout_status_name(b.status))}</span>
            <span>{format!("{}: {}", t(T::ExecutionDate), date_text(&b.execution_date))}</span>
            <span><strong>{b.total.display_nl()}</strong>{format!(" · {}: {}", t(T::Weborders), b.weborders)}</span>
            <span class="downloads">
                <a href=format!("/provider/payouts/{id}/statement.pdf") rel="external" download>{t(T::StatementPdf)}</a>
                " · "
                <a href=format!("/provider/payouts/{id}/statement.csv") rel="external" download>{t(T::StatementCsv)}</a>
            </span>
        </div>
    }
    .into_any()
}
