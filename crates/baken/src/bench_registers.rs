//! `baken bench-registers`: the exact-address look-up in the local BAG register under load, for
//! BENCHMARKS.md. The addresses asked for are those `scripts/gen-bag-extract.py N` wrote (the same
//! formula), at random; every look-up must find exactly one address, or the run fails.

use crate::cli::BenchRegistersArgs;
use baken_core::Services;
use baken_store::BagAdresVraag;
use std::sync::Arc;
use std::time::Instant;

const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXZ";
const FIRST: &[u8] = b"ABCDEFGHJKLMNPRTUVWXZ";

/// Address `i` of the generator: (postcode, number, letter, addition).
fn address(i: u64) -> (String, u32, String, String) {
    let pc = i / 25;
    let digits = 1000 + pc / 400 % 9000;
    let pair = (pc % 400) as usize;
    let postcode = format!(
        "{digits}{}{}",
        FIRST[pair / 20 % FIRST.len()] as char,
        LETTERS[pair % 20] as char
    );
    let letter = if i.is_multiple_of(11) {
        (LETTERS[(i % 7) as usize] as char).to_string()
    } else {
        String::new()
    };
    let addition = if i.is_multiple_of(13) {
        (i % 4 + 1).to_string()
    } else {
        String::new()
    };
    (postcode, (1 + i % 25) as u32, letter, addition)
}

/// A small deterministic generator (xorshift), so that runs ask the same addresses.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

pub async fn run(services: Services, args: BenchRegistersArgs) -> anyhow::Result<()> {
    let services = Arc::new(services);
    let per_task = args.lookups / args.concurrency.max(1);
    let started = Instant::now();
    let mut handles = Vec::new();
    for task in 0..args.concurrency.max(1) {
        let services = services.clone();
        let addresses = args.adressen;
        handles.push(tokio::spawn(async move {
            let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ (task as u64 + 1);
            let mut times = Vec::with_capacity(per_task);
            for _ in 0..per_task {
                let (postcode, huisnummer, letter, addition) = address(next(&mut state) % addresses);
                let at = Instant::now();
                let found = services
                    .bag_zoek(BagAdresVraag {
                        postcode: &postcode,
                        huisnummer,
                        huisletter: Some(&letter),
                        toevoeging: Some(&addition),
                    })
                    .await?;
                times.push(at.elapsed());
                anyhow::ensure!(
                    found.len() == 1,
                    "{postcode} {huisnummer}{letter} {addition}: {} adressen gevonden in plaats van één",
                    found.len()
                );
            }
            Ok::<_, anyhow::Error>(times)
        }));
    }
    let mut times = Vec::new();
    for handle in handles {
        times.extend(handle.await??);
    }
    let elapsed = started.elapsed();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{} exacte adresvragen, {} tegelijk, in {:.1} s ({:.0} per seconde): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        args.concurrency,
        elapsed.as_secs_f64(),
        times.len() as f64 / elapsed.as_secs_f64(),
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0),
    );
    Ok(())
}
