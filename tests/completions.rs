//! `tongbao completions <shell>`: the script each shell needs, printed to stdout
//! (issue 10 item 2), and the Chinese message for a shell it does not know.

use std::process::Command;

const SUBCOMMANDS: [&str; 6] = [
    "check",
    "build",
    "schema",
    "new",
    "codeowners",
    "completions",
];

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .args(args)
        .output()
        .expect("run tongbao")
}

#[test]
fn each_shell_gets_a_script_naming_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8(out.stdout).expect("UTF-8 script");
        assert!(!script.trim().is_empty(), "{shell}: empty script");
        for sub in SUBCOMMANDS {
            assert!(
                script.contains(sub),
                "{shell}: script does not name `{sub}`"
            );
        }
        // The options complete too (fish writes `-l as-of`), with the format's choices,
        // and the script is for the `tongbao` command.
        assert!(script.contains("as-of"), "{shell}: no --as-of");
        assert!(script.contains("gitlab"), "{shell}: no --format choices");
        assert!(script.contains("tongbao"), "{shell}: not for tongbao");
        assert!(
            out.stderr.is_empty(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn descriptions_in_the_scripts_are_the_chinese_help() {
    // zsh, fish and PowerShell show each subcommand's description beside it.
    for shell in ["zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        let script = String::from_utf8(out.stdout).expect("UTF-8 script");
        assert!(
            script.contains("检查台账记录"),
            "{shell}: no Chinese description"
        );
        assert!(
            script.contains("生成静态网站"),
            "{shell}: no Chinese description"
        );
    }
}

#[test]
fn an_unknown_shell_is_told_in_chinese_with_the_choices() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("命令行参数不对"), "{err}");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(err.contains(shell), "choices not listed: {err}");
    }
}

#[test]
fn the_help_says_what_it_is_for_in_chinese() {
    let out = run(&["completions", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("补全"), "{help}");
    let top = run(&["--help"]);
    let top = String::from_utf8_lossy(&top.stdout);
    assert!(top.contains("completions") && top.contains("补全"), "{top}");
}
