//! References not checked because no input holds their target table (a file validated
//! alone cannot know the ids of other tables): counted by target table, for the report
//! (`Report::unchecked_references`). Counts and table names only, never a value.

use std::collections::BTreeMap;

use crate::model::Table;

/// The references left unchecked so far, by target table (indexed as [`Table::ALL`]).
#[derive(Debug, Default, Clone)]
pub(crate) struct Unchecked {
    counts: [u64; Table::ALL.len()],
}

impl Unchecked {
    /// One reference into `target`, which no input holds, was not checked.
    pub fn add(&mut self, target: Table) {
        if let Some(n) = self.counts.get_mut(target as usize) {
            *n += 1;
        }
    }

    /// The tables with references left unchecked, and how many.
    pub fn by_table(&self) -> BTreeMap<Table, u64> {
        Table::ALL
            .iter()
            .zip(self.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| (*t, n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_table_and_leaves_out_zeros() {
        let mut u = Unchecked::default();
        for t in [Table::Sources, Table::Officials, Table::Sources] {
            u.add(t);
        }
        let expected: BTreeMap<Table, u64> = [(Table::Officials, 1), (Table::Sources, 2)].into();
        assert_eq!(u.by_table(), expected);
        assert!(Unchecked::default().by_table().is_empty());
    }
}
