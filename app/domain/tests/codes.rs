//! A status that a server function takes (or a row carries) travels in the form or query under the same code the
//! database stores and the pages put in their links, so a filter link, a hidden form field and
//! a stored row all name a status the same way.
#![allow(clippy::unwrap_used)]

use domain::budget::{AccountKind, OrderStatus};
use domain::offer::OfferStatus;
use domain::offer_request::RequestStatus;
use domain::provider::{ProviderStatus, Removal};
use domain::weborder::{HoldStatus, PayoutStatus, WeborderStatus};
use serde::{de::DeserializeOwned, Serialize};

/// `value` serialises as `"code"`, and `code` reads back as `value`.
fn travels_as_its_code<S: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(value: S, code: &str) {
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(json, format!("\"{code}\""), "{value:?}");
    assert_eq!(serde_json::from_str::<S>(&json).unwrap(), value);
}

#[test]
fn every_status_a_server_function_takes_travels_as_its_stored_code() {
    for s in OfferStatus::ALL {
        travels_as_its_code(*s, s.code());
    }
    for s in RequestStatus::ALL {
        travels_as_its_code(*s, s.code());
    }
    for s in HoldStatus::ALL {
        travels_as_its_code(*s, s.code());
    }
    for s in PayoutStatus::ALL {
        travels_as_its_code(*s, s.code());
    }
    for s in WeborderStatus::ALL {
        travels_as_its_code(s, s.code());
    }
    for s in ProviderStatus::ALL {
        travels_as_its_code(s, s.code());
    }
    for s in [OrderStatus::Submitted, OrderStatus::Withdrawn, OrderStatus::Approved, OrderStatus::Rejected, OrderStatus::Credited]
    {
        assert_eq!(OrderStatus::from_code(s.code()), Some(s));
        travels_as_its_code(s, s.code());
    }
    for k in [AccountKind::LocationBudget, AccountKind::IndividualPool, AccountKind::StudentCredit, AccountKind::Hold] {
        assert_eq!(AccountKind::from_code(k.code()), Some(k));
        travels_as_its_code(k, k.code());
    }
    for r in [Removal::Member, Removal::Invitation] {
        travels_as_its_code(r, r.code());
    }
}

#[test]
fn an_unknown_code_is_no_status() {
    assert!(serde_json::from_str::<WeborderStatus>("\"paid_twice\"").is_err());
    assert_eq!(WeborderStatus::from_code("paid_twice"), None);
    assert_eq!(OfferStatus::from_code(""), None);
}
