//! After a row's id is refused (say `off-Zakir-Hasanov`, reported at that row), the references
//! that name the id meant (`off-zakir-hasanov`) find no row. They do not suggest the refused id;
//! when one is close, their hint points at it as the likely root cause, naming no value, and
//! when that row comes later in the same file, the report lists its finding first (see
//! [`crate::validate::reading_order::causes_first`]).

use super::{IdSet, PackageState, Reference};
use crate::input::Message;
use crate::input::message::msg;
use crate::model::Table;
use crate::validate::located::shown_hint;
use crate::validate::sink::{RootCause, Sink};

/// The hint for a reference `value` into `target` whose closest id, among `ids`, is one its
/// table's pattern refuses, with that id; `None` when no refused id is close.
pub(crate) fn hint(
    value: &str,
    target: Table,
    ids: impl Iterator<Item = String>,
) -> Option<(Message, String)> {
    let prefix = target.id_prefix();
    let refused = ids.filter(|c| !crate::model::id_is_well_formed(prefix, c));
    crate::validate::record::closest_owned(value, refused).map(|id| {
        let message = msg!(
            "a row of {} has a close id that its pattern refuses (reported at that row); correcting that id may resolve this reference",
            f(target)
        );
        (message, id)
    })
}

/// For the unresolved reference `r`, just reported (the last finding of `out`), whose target
/// `ids` hold no well-formed id close to it: the hint of [`hint`], and, when the refused id
/// was read later in the same file, the link that lists that row's finding first.
pub(super) fn explain(state: &PackageState, r: &Reference, ids: &IdSet, out: &mut Sink) {
    let Some((message, id)) = hint(&r.value, r.target, ids.ids()) else {
        return;
    };
    if let Some(f) = out.last_mut() {
        f.hint = shown_hint(Some(message), state.hide_values);
    }
    // Across files, tables are read in dependency order (a refused id's file comes first
    // already); within a file, an earlier line may name an id refused further down.
    if let Some(first) = ids.first_seen(&id) {
        if first.file == r.loc.file && first.line > r.loc.line {
            out.root_cause(RootCause {
                file: state.file_name(r.loc.file),
                effect: (r.loc.line, r.loc.column),
                cause_line: first.line,
            });
        }
    }
}
