//! The approvals waiting to be written, per lane (see `approvals::approve`): held by the
//! application state, so it is a leaf that knows only the domain's types.

use domain::{AppError, LocationId, PersonId};

/// What an approval did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval {
    /// Approved now; the budget was debited.
    Approved,
    /// This request was already carried out (a retry with the same key); nothing changed.
    AlreadyDone,
}

/// One approval as its approver asked for it.
#[derive(Clone, Debug)]
pub struct ApproveRequest {
    pub actor: PersonId,
    pub locations: Vec<LocationId>,
    pub id: i64,
    pub hold: Option<i64>,
    pub client_key: String,
}

/// An approval waiting, and where its answer goes.
pub type ApprovalJob = (ApproveRequest, tokio::sync::oneshot::Sender<Result<Approval, AppError>>);

/// Approvals waiting to be written, per lane; a lane exists while its writer task runs.
#[derive(Debug, Default)]
pub struct ApprovalQueue(std::sync::Mutex<std::collections::HashMap<Vec<i64>, Vec<ApprovalJob>>>);

impl ApprovalQueue {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<Vec<i64>, Vec<ApprovalJob>>> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
