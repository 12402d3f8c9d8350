//! References whose target table is not read yet: kept packed until it is, then resolved,
//! with a "did you mean" for a close id and the root cause when the closest id was refused.

use super::{HINT_WORK, Loc, PackageState, refused_ids};
use crate::input::message::msg;
use crate::model::Table;
use crate::validate::located::shown_hint;
use crate::validate::record;
use crate::validate::sink::Sink;

pub(super) struct Reference {
    pub(super) target: Table,
    pub(super) value: Box<str>,
    pub(super) loc: Loc,
}

impl PackageState {
    /// Keeps foreign key `fk` (an index in `table`'s keys) of a record, `value` read at `loc`,
    /// to check at the end.
    pub(super) fn defer(&mut self, table: Table, fk: usize, value: &str, loc: &Loc) {
        if let Some(key) = table.foreign_keys().get(fk) {
            *self.deferred_to.entry(key.table).or_default() += 1;
        }
        self.deferred.push(self.kept.end());
        self.kept
            .put_u64(table as u64)
            .put_u64(fk as u64)
            .put_str(value)
            .put_loc(loc);
    }

    /// A deferred reference, back from [`PackageState::defer`].
    pub(super) fn deferred(&self, at: u64) -> Option<Reference> {
        let mut r = self.kept.at(at);
        let table = *Table::ALL.get(usize::try_from(r.u64()).ok()?)?;
        let fk = table.foreign_keys().get(usize::try_from(r.u64()).ok()?)?;
        let value = r.str().into();
        Some(Reference {
            target: fk.table,
            value,
            loc: r.loc(table, fk.field),
        })
    }

    pub(super) fn resolve(&self, r: &Reference, out: &mut Sink) {
        if !self.pending_files.contains_key(&r.target) {
            // Its only input was withdrawn: nothing to check against.
            return;
        }
        let ids = self.ids.get(&r.target);
        if ids.is_some_and(|ids| ids.contains(&r.value)) {
            return;
        }
        self.report_at(
            "key.unresolved",
            &r.loc,
            msg!(
                "`{}` names no row of {}; add the row or correct the id",
                v(r.value),
                f(r.target)
            ),
            Some(&r.value),
            out,
        );
        let work = &self.hint_work;
        let within_budget = |n: usize| {
            use std::sync::atomic::Ordering::Relaxed;
            work.fetch_update(Relaxed, Relaxed, |w| (w + n <= HINT_WORK).then_some(w + n))
                .is_ok()
        };
        if let Some(ids) = ids.filter(|ids| within_budget(ids.len())) {
            // An id refused by its own row (reported there) is no id to suggest.
            let prefix = r.target.id_prefix();
            let well_formed = ids
                .ids()
                .filter(|c| crate::model::id_is_well_formed(prefix, c));
            if let Some(c) = record::closest_owned(&r.value, well_formed) {
                if let Some(f) = out.last_mut() {
                    // A close id is a value: no hint when values are hidden.
                    f.hint = shown_hint(Some(msg!("did you mean `{}`?", v(c))), self.hide_values);
                }
            } else {
                // The root cause may be a row whose id was refused: say so, naming no value,
                // and list that row first.
                refused_ids::explain(self, r, ids, out);
            }
        }
    }
}
