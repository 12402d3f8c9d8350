//! Prints the meetings of the bundled dataset with their delegations, heads and members, read
//! from the data compiled into the crate (no file is opened).
//!
//! Run with `cargo run --example bundled`.

use defcoop::model::{Dataset, MemberRole};
use defcoop::package::bundled;

fn official_name<'a>(data: &'a Dataset, id: &'a str) -> &'a str {
    data.officials
        .iter()
        .find(|o| o.id.as_str() == id)
        .map_or(id, |o| o.name.as_str())
}

fn main() {
    let data = bundled();
    for source in &data.sources {
        println!(
            "Source: {} via {}, published {} ({} paragraphs)",
            source.publisher,
            source.syndicator.as_ref().map_or("-", |s| s.as_str()),
            source.published,
            source.paragraphs
        );
    }
    for meeting in &data.meetings {
        let date = meeting
            .date
            .map_or_else(|| "date not stated".to_owned(), |d| d.to_string());
        let exhibition = meeting
            .exhibition_id
            .as_ref()
            .and_then(|id| data.exhibitions.iter().find(|e| &e.id == id))
            .map_or(String::new(), |e| {
                format!(" at {}", e.acronym.as_ref().unwrap_or(&e.name))
            });
        println!("\n{} ({:?}, {date}{exhibition})", meeting.id, meeting.kind);
        if let Some(previous) = &meeting.follows_id {
            println!("  after {previous}");
        }
        for delegation in data
            .delegations
            .iter()
            .filter(|d| d.meeting_id == meeting.id)
        {
            println!(
                "  {} side, led by {}",
                delegation.side.name(),
                official_name(data, delegation.head_official_id.as_str())
            );
            for member in data
                .delegation_members
                .iter()
                .filter(|m| m.delegation_id == delegation.id && m.role == MemberRole::Member)
            {
                println!(
                    "    - {} ({:?})",
                    official_name(data, member.official_id.as_str()),
                    member.basis
                );
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
                println!("  and: {} ({term}, at least {least})", group.description);
            } else {
                println!("  and: {} ({term}, number not stated)", group.description);
            }
        }
        for signing in data
            .agreement_signings
            .iter()
            .filter(|s| s.meeting_id == meeting.id)
        {
            if let Some(agreement) = data
                .agreements
                .iter()
                .find(|a| a.id == signing.agreement_id)
            {
                println!(
                    "  signed: {} {:?} {:?} instruments (at least {})",
                    agreement.count_term.as_ref().map_or("?", |t| t.as_str()),
                    agreement.domain,
                    agreement.kind,
                    agreement.count().map_or(0, |q| q.least())
                );
            }
        }
    }
}
