# bash completion for drill
_drill() {
  local cur prev words cword
  _init_completion 2>/dev/null || { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; }
  local commands="plan grade bank due stats history export import rescore"
  case "$prev" in
    -c|--category) COMPREPLY=($(compgen -W "technical behavioral situational system-design" -- "$cur")); return ;;
    -d|--difficulty) COMPREPLY=($(compgen -W "beginner intermediate advanced" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    -f|--format) COMPREPLY=($(compgen -W "text markdown json jsonl csv" -- "$cur")); return ;;
    --reveal) COMPREPLY=($(compgen -W "always never missed" -- "$cur")); return ;;
    -r|--role) COMPREPLY=($(compgen -W "$(drill bank list --format json 2>/dev/null | sed -n 's/^    "\([a-z0-9-]*\)": {$/\1/p')" -- "$cur")); return ;;
    -t|--topic) COMPREPLY=($(compgen -W "$(drill bank list --format json 2>/dev/null | sed -n '/"topics"/,/]/s/^ *"\([a-z0-9-]*\)",\{0,1\}$/\1/p')" -- "$cur")); return ;;
    --bank|--answers|--answer-file|--input|--worksheet|--log|--config|--history) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    bank) COMPREPLY=($(compgen -W "list show validate" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* && " ${COMP_WORDS[*]} " == *" rescore "* ]]; then
    COMPREPLY=($(compgen -W "--role --since --id --dry-run --top --format --history --help" -- "$cur"))
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "--role --category --difficulty --topic --count --seed --bank --color --config --help --version --format --history --no-history --reveal --time-limit --no-timer --log --answers --due" -- "$cur"))
  elif [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
  fi
}
complete -F _drill drill
