//! Prints the meetings of the bundled dataset with their delegations, heads and members, read
//! from the data compiled into the crate (no file is opened).
//!
//! Run with `cargo run --example bundled`. `tests/examples.rs` runs it.

use defcoop::model::MemberRole;
use defcoop::package::bundled;

/// The lines the example prints.
pub fn lines() -> Vec<String> {
    let data = bundled();
    // Lookups by id in constant time, for every table.
    let index = data.index();
    let name = |id| index.official(id).map_or("?", |o| o.name.as_str());
    let mut out = Vec::new();
    for source in &data.sources {
        out.push(format!(
            "Source: {} via {}, published {} ({} paragraphs)",
            source.publisher,
            source.syndicator.as_ref().map_or("-", |s| s.as_str()),
            source
                .published
                .map_or_else(|| "-".to_owned(), |d| d.to_string()),
            source.paragraphs.map_or(0, |p| p.get())
        ));
    }
    for meeting in &data.meetings {
        let date = meeting
            .date
            .map_or_else(|| "date not stated".to_owned(), |d| d.to_string());
        let exhibition = meeting
            .exhibition_id
            .as_ref()
            .and_then(|id| index.exhibition(id))
            .map_or(String::new(), |e| {
                format!(" at {}", e.acronym.as_ref().unwrap_or(&e.name))
            });
        // Vocabularies print in their stored form: `expanded`, `military_technical`.
        out.push(format!(
            "\n{} ({}, {date}{exhibition})",
            meeting.id, meeting.kind
        ));
        if let Some(previous) = &meeting.follows_id {
            out.push(format!("  after {previous}"));
        }
        for delegation in data
            .delegations
            .iter()
            .filter(|d| d.meeting_id == meeting.id)
        {
            out.push(format!(
                "  {} side, led by {}",
                delegation.side.name(),
                name(&delegation.head_official_id)
            ));
            for member in data
                .delegation_members
                .iter()
                .filter(|m| m.delegation_id == delegation.id && m.role == MemberRole::Member)
            {
                out.push(format!(
                    "    - {} ({})",
                    name(&member.official_id),
                    member.basis
                ));
            }
        }
        for group in data
            .participant_groups
            .iter()
            .filter(|g| g.meeting_id == meeting.id)
        {
            let least = group.count().map_or(0, |q| q.least());
            let term = group.count_term.as_ref().map_or("unknown", |t| t.as_str());
            if least > 0 {
                out.push(format!(
                    "  and: {} ({term}, at least {least})",
                    group.description
                ));
            } else {
                out.push(format!(
                    "  and: {} ({term}, number not stated)",
                    group.description
                ));
            }
        }
        for signing in data
            .agreement_signings
            .iter()
            .filter(|s| s.meeting_id == meeting.id)
        {
            if let Some(agreement) = index.agreement(&signing.agreement_id) {
                out.push(format!(
                    "  signed: {} {} {} instruments (at least {})",
                    agreement.count_term.as_ref().map_or("?", |t| t.as_str()),
                    agreement.domain,
                    agreement.kind,
                    agreement.count().map_or(0, |q| q.least())
                ));
            }
        }
    }
    out
}

#[allow(dead_code)] // `tests/examples.rs` calls `lines`, not `main`.
fn main() {
    for line in lines() {
        println!("{line}");
    }
}
