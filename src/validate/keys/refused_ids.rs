//! After a row's id is refused (say `off-Zakir-Hasanov`, reported at that row), the references
//! that name the id meant (`off-zakir-hasanov`) find no row. They do not suggest the refused id;
//! when one is close, their hint points at it as the likely root cause, naming no value.

use crate::input::Message;
use crate::input::message::msg;
use crate::model::Table;

/// The hint for a reference `value` into `target` whose closest id, among `ids`, is one its
/// table's pattern refuses; `None` when no refused id is close.
pub(crate) fn hint(
    value: &str,
    target: Table,
    ids: impl Iterator<Item = String>,
) -> Option<Message> {
    let prefix = target.id_prefix();
    let refused = ids.filter(|c| !crate::model::id_is_well_formed(prefix, c));
    crate::validate::record::closest_owned(value, refused).map(|_| {
        msg!(
            "a row of {} has a close id that its pattern refuses (reported at that row); correcting that id may resolve this reference",
            f(target)
        )
    })
}
