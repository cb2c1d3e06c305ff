//! `baken maatregelen`: the default catalogue out, a municipality's own checked.

use super::{baken, ok};

#[test]
fn the_default_catalogue_round_trips_and_a_broken_one_is_named() {
    let text = ok(&["maatregelen", "catalogus"], None);
    assert!(text.contains("gemeentewet-174a-sluiting"), "{text}");
    let dir = std::env::temp_dir().join(format!("baken-catalogus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("eigen.toml");
    std::fs::write(&good, &text).unwrap();
    let out = ok(&["maatregelen", "controleer", good.to_str().unwrap()], None);
    assert!(out.contains("De catalogus klopt"), "{out}");

    let bad = dir.join("fout.toml");
    std::fs::write(
        &bad,
        text.replace("bevoegd = \"college\"", "bevoegd = \"raad\""),
    )
    .unwrap();
    let out = baken(&["maatregelen", "controleer", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("raad"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
