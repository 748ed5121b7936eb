# CLI tests of the model commands (run, eval, bench, perplexity, synth and
# gguf-info's model section) on a tiny synthetic model the first test writes.
# Exit statuses are checked exactly: 1 for a failure, 2 for bad usage.
set(tiny ${CMAKE_CURRENT_BINARY_DIR}/cli_tiny_q8_0.gguf)
set(lugh $<TARGET_FILE:lugh_cli>)

add_test(NAME lugh_cli.synth_tiny COMMAND lugh_cli synth ${tiny} --preset tiny --type q8_0 --seed 3)
set_tests_properties(lugh_cli.synth_tiny PROPERTIES FIXTURES_SETUP cli_tiny PASS_REGULAR_EXPRESSION "tiny, 2 layers, 64 wide")

function(lugh_model_test name regex)
  add_test(NAME lugh_cli.${name} COMMAND ${ARGN})
  set_tests_properties(lugh_cli.${name} PROPERTIES FIXTURES_REQUIRED cli_tiny PASS_REGULAR_EXPRESSION "${regex}")
endfunction()

# Exits with `status` and prints `regex` (one line on stderr).
function(lugh_model_fails name status regex)
  add_test(NAME lugh_cli.${name} COMMAND sh -c "\"$0\" \"$@\" 2>&1; echo \"exit status $?\"" ${ARGN})
  set_tests_properties(lugh_cli.${name} PROPERTIES FIXTURES_REQUIRED cli_tiny
                       PASS_REGULAR_EXPRESSION "${regex}.*exit status ${status}")
endfunction()

lugh_model_test(run_greedy "generated 8 tokens at" ${lugh} run -m ${tiny} -p "the tea" -n 8 --temp 0 -t 1)
lugh_model_test(run_json "\"generated\": \\[[0-9]+, [0-9]+, [0-9]+, [0-9]+, [0-9]+, [0-9]+, [0-9]+, [0-9]+\\], \"text\": \"[^\"]*\", \"stop\": \"max_tokens\""
                ${lugh} run -m ${tiny} -p "the tea" -n 8 --json --seed 5)
lugh_model_test(eval_logits "^3600\n"
                sh -c "\"$0\" eval -m \"$1\" --tokens 1,2,3 --logits \"$2\" 2>/dev/null && stat -c %s \"$2\""
                ${lugh} ${tiny} ${CMAKE_CURRENT_BINARY_DIR}/cli_tiny.logits)
lugh_model_test(bench_json "\"pp\": {\"tokens\": 8, \"mean\": [0-9.e+]+, \"sd\": [0-9.e+]+, \"cpu_ms\": [0-9.e+]+}, \"tg\": {\"tokens\": 4"
                ${lugh} bench -m ${tiny} -p 8 -n 4 -r 2 --json)
lugh_model_test(bench_table "\\| pp8 \\| [0-9.]+ ± [0-9.]+ \\|" ${lugh} bench -m ${tiny} -p 8 -n 4 -r 2)
lugh_model_test(perplexity "perplexity: [0-9.]+ \\+/- [0-9.]+ over [0-9]+ tokens scored in [0-9]+ windows of 32"
                ${lugh} perplexity -m ${tiny} -f ${PROJECT_SOURCE_DIR}/README.md -c 32)
lugh_model_test(gguf_info_model "architecture  llama \\(llama .* Q8_0\\).*n_layer       2" ${lugh} gguf-info ${tiny})

lugh_model_fails(run_no_prompt 2 "missing --prompt" ${lugh} run -m ${tiny})
lugh_model_fails(run_no_file 1 "nonexistent.gguf" ${lugh} run -m /nonexistent.gguf -p hi)
lugh_model_fails(run_kv_type 2 "--kv-type: 'q8_0' is not f16 or f32" ${lugh} run -m ${tiny} -p hi --kv-type q8_0)
lugh_model_fails(run_past_context 1 "n_ctx" ${lugh} run -m ${tiny} -p "the tea and the tea" -c 3)
lugh_model_fails(run_temp 2 "--temp" ${lugh} run -m ${tiny} -p hi --temp -1)
lugh_model_fails(eval_bad_list 2 "--tokens: 'x' is not a whole number" ${lugh} eval -m ${tiny} --tokens 1,x --logits /dev/null)
lugh_model_fails(eval_bad_token 1 "outside the vocabulary" ${lugh} eval -m ${tiny} --tokens 1,300 --logits /dev/null)
lugh_model_fails(eval_both 2 "cannot be used together" ${lugh} eval -m ${tiny} --tokens 1 -p hi --logits /dev/null)
lugh_model_fails(bench_reps 2 "-r" ${lugh} bench -m ${tiny} -r 0)
lugh_model_fails(perplexity_short 1 "fewer than one window" ${lugh} perplexity -m ${tiny} -f ${PROJECT_SOURCE_DIR}/Makefile -c 100000)
lugh_model_fails(synth_type 2 "--type: 'q3' is not" ${lugh} synth ${CMAKE_CURRENT_BINARY_DIR}/never.gguf --preset tiny --type q3)
lugh_model_fails(synth_preset 2 "--preset: 'huge' is not one of" ${lugh} synth ${CMAKE_CURRENT_BINARY_DIR}/never.gguf --preset huge)
