//! A parallel map whose results are taken in in input order: items are read on the calling
//! thread, worked on by a pool's workers (and by the calling thread when the workers have
//! enough queued), and handed to `take_in` one by one in the order they were read. What
//! `take_in` sees is what a loop on one thread would give, whatever the number of workers.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

/// Why [`map_in_order`] stopped early.
pub(crate) enum Stop<E> {
    /// `next` failed.
    Next(E),
    /// `work` panicked on an item (a bug: the run stops rather than wait for it forever).
    Panicked,
}

/// Reads items with `next` until it gives `None`, maps each with `work` on `pool`, and gives
/// the results to `take_in` in reading order.
///
/// When the workers have enough queued, the calling thread maps an item itself rather than
/// wait, up to a few items ahead of the oldest one not yet taken in: with fewer, it waits for
/// the workers while it could work; with more, items held cost memory. Four queued per
/// worker keep a worker busy while this thread takes results in.
pub(crate) fn map_in_order<I, O, E>(
    pool: &rayon::ThreadPool,
    mut next: impl FnMut() -> Result<Option<I>, E>,
    work: &(impl Fn(I) -> O + Sync),
    mut take_in: impl FnMut(O),
) -> Result<(), Stop<E>>
where
    I: Send,
    O: Send,
{
    let workers = pool.current_num_threads();
    let queue_max = 4 * workers;
    let in_flight_max = (queue_max + 2) as u64;
    // A worker's result, or `None` if `work` panicked on its item.
    let (done_tx, done_rx) = mpsc::channel::<(u64, Option<O>)>();
    let mut failure = None;
    pool.in_place_scope(|scope| {
        let mut sent = 0u64;
        let mut taken = 0u64;
        // Items given to the workers and not yet back.
        let mut queued = 0usize;
        let mut waiting: BTreeMap<u64, O> = BTreeMap::new();
        let mut reading = true;
        let receive = |(seq, out): (u64, Option<O>), waiting: &mut BTreeMap<u64, O>| {
            let out = out.ok_or(Stop::Panicked)?;
            waiting.insert(seq, out);
            Ok(())
        };
        loop {
            let received: Result<(), Stop<E>> = done_rx.try_iter().try_for_each(|got| {
                queued -= 1;
                receive(got, &mut waiting)
            });
            if let Err(e) = received {
                failure = Some(e);
                break;
            }
            let before = taken;
            while let Some(out) = waiting.remove(&taken) {
                take_in(out);
                taken += 1;
            }
            if !reading && taken == sent {
                break;
            }
            if reading && sent - taken < in_flight_max {
                match next() {
                    Ok(Some(item)) if queued < queue_max => {
                        let (tx, seq) = (done_tx.clone(), sent);
                        scope.spawn(move |_| {
                            let out = catch_unwind(AssertUnwindSafe(|| work(item)));
                            // The receiver outlives the scope.
                            let _ = tx.send((seq, out.ok()));
                        });
                        queued += 1;
                        sent += 1;
                    }
                    Ok(Some(item)) => match catch_unwind(AssertUnwindSafe(|| work(item))) {
                        Ok(out) => {
                            waiting.insert(sent, out);
                            sent += 1;
                        }
                        Err(_) => {
                            failure = Some(Stop::Panicked);
                            break;
                        }
                    },
                    Ok(None) => reading = false,
                    Err(e) => {
                        failure = Some(Stop::Next(e));
                        reading = false;
                    }
                }
                continue;
            }
            if taken == before && queued > 0 {
                // Nothing to do but wait for the workers.
                let Ok(got) = done_rx.recv() else {
                    break;
                };
                queued -= 1;
                if let Err(e) = receive(got, &mut waiting) {
                    failure = Some(e);
                    break;
                }
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn results_come_in_reading_order_whatever_the_workers() {
        for threads in [1, 2, 4] {
            let pool = pool(threads);
            let mut items = 0..500u64;
            let mut got = Vec::new();
            // Uneven work, so workers finish out of order.
            let work = |i: u64| {
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                i * 2
            };
            let done = map_in_order(&pool, || Ok::<_, ()>(items.next()), &work, |o| got.push(o));
            assert!(done.is_ok());
            assert_eq!(got, (0..500).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_failure_of_next_stops_after_taking_in_what_was_read() {
        let pool = pool(2);
        let mut i = 0;
        let mut got = Vec::new();
        let done = map_in_order(
            &pool,
            || {
                i += 1;
                if i > 10 { Err("broken") } else { Ok(Some(i)) }
            },
            &|i: i32| i,
            |o| got.push(o),
        );
        assert!(matches!(done, Err(Stop::Next("broken"))));
        assert_eq!(got, (1..=10).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_item_stops_the_map_instead_of_hanging() {
        let pool = pool(2);
        let mut items = 0..100u32;
        let done = map_in_order(
            &pool,
            || Ok::<_, ()>(items.next()),
            &|i: u32| {
                assert!(i != 40, "deliberate panic in a test");
                i
            },
            |_| {},
        );
        assert!(matches!(done, Err(Stop::Panicked)));
    }
}
