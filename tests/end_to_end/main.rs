//! The end-to-end tests, run against the `roadmap` binary as a user runs it. One test binary
//! for all of them, so the workspace links one instead of one per file.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed set-up step is a failed test

mod batch;
mod browser;
mod changes;
mod common;
mod consumers;
mod corpus;
mod docs;
mod genre;
mod hostile;
mod ledger;
mod ocr;
mod python;
mod review;
mod serve;
mod shapes;
mod warehouse;
