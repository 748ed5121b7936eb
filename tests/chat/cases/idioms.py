# Idioms of real chat templates: system message extraction, role
# alternation checks, multimodal content lists, tool calls, generation
# prompts, thinking blocks, whitespace around them.
MSGS = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": " Hi \n"},
        {"role": "assistant", "content": "<think>\nhmm\n</think>\n\nHello!"}, {"role": "user", "content": "Bye"}]
TOOL_MSGS = [{"role": "user", "content": "Weather?"},
             {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
             {"role": "tool", "tool_call_id": "c1", "content": "{\"temp\": 20}"},
             {"role": "assistant", "content": "20 degrees."}]
MM = [{"role": "user", "content": [{"type": "text", "text": "What is"}, {"type": "image"}, {"type": "text", "text": "this?"}]}]
CASES = [
    ("{% if messages[0]['role'] == 'system' %}{% set sys = messages[0]['content'] %}{% set rest = messages[1:] %}{% else %}{% set sys = 'default' %}{% set rest = messages %}{% endif %}"
     "[{{ sys }}]{% for m in rest %}<{{ m.role }}>{{ m.content|trim }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}",
     {"messages": MSGS, "add_generation_prompt": True}),
    ("{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% endfor %}ok",
     {"messages": MSGS[1:]}),
    ("{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% endfor %}ok",
     {"messages": MSGS}),
    ("{%- for m in messages %}\n    {%- if m.content is string %}\n        {{- m.content }}\n    {%- else %}\n        {%- for part in m.content %}\n            {%- if part.type == 'text' %}{{ part.text }}{% elif part.type == 'image' %}<image>{% endif %}\n        {%- endfor %}\n    {%- endif %}\n{%- endfor %}",
     {"messages": MM}),
    ("{%- for m in messages %}\n{%- if m.role == 'assistant' and m.tool_calls is defined and m.tool_calls %}\n{%- for tc in m.tool_calls %}\n<tool_call>\n{{ {'name': tc.function.name, 'arguments': tc.function.arguments}|tojson }}\n</tool_call>\n{%- endfor %}\n{%- elif m.role == 'tool' %}\n<tool_response>\n{{ m.content }}\n</tool_response>\n{%- else %}\n<{{ m.role }}>{{ m.content }}\n{%- endif %}\n{%- endfor %}",
     {"messages": TOOL_MSGS}),
    ("{%- set ns = namespace(last_user=-1) %}{% for m in messages %}{% if m.role == 'user' %}{% set ns.last_user = loop.index0 %}{% endif %}{% endfor %}"
     "{%- for m in messages %}{% if m.role == 'assistant' and '</think>' in m.content and loop.index0 < ns.last_user %}{{ m.content.split('</think>')[-1].lstrip('\\n') }}{% else %}{{ m.content }}{% endif %}|{% endfor %}",
     {"messages": MSGS}),
    ("{{- bos_token }}\n{%- if tools %}\n    {{- 'Tools: ' }}\n    {%- for t in tools %}\n        {{- t.function.name }}\n        {%- if not loop.last %}, {% endif %}\n    {%- endfor %}\n{%- endif %}\n{{- '\\n' }}",
     {"bos_token": "<s>", "tools": [{"function": {"name": "a"}}, {"function": {"name": "b"}}]}),
    ("{{ 'a' + x | default('b') }} {{ 'x' ~ 1.0 }} {{ not x is defined }} {{ x is not defined or x }} {{ (x or 'z')|upper }}", None),
    ("{% set x = x if x is defined else 'd' %}{{ x }}{% set n = none %}{{ n|default('nd') }}{{ n|default('nd', true) }}", None),
    ("{% if tools %}T{% else %}no{% endif %}{% if tools is defined and tools|length > 0 %}T2{% endif %}", None),
    ("{% for m in messages|selectattr('role', 'ne', 'system') %}{{ loop.index }}{{ m.role[0] }}{% if loop.last %}!{% endif %}{% endfor %}", {"messages": MSGS}),
    ("{% for m in messages if m.role == 'user' %}{{ loop.index }}/{{ loop.length }}:{{ m.content|trim }}{{ ';' if not loop.last }}{% endfor %}", {"messages": MSGS}),
    ("{%- macro render(m) -%}\n  <{{ m.role }}>\n  {%- if m.content %}{{ m.content|trim }}{% endif -%}\n{%- endmacro -%}\n{%- for m in messages -%}{{ render(m) }}{%- endfor -%}", {"messages": MSGS}),
    ("{% set ns = namespace(found=false) %}{% for m in messages %}{% if m.role == 'system' %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}{% set ns.s %}block {{ 1 }}{% endset %}{{ ns.s }}", {"messages": MSGS}),
    ("{{ messages|map(attribute='role')|join(',') }} {{ messages|map(attribute='content')|map('length')|list }} {{ messages|selectattr('role', 'in', ['user', 'tool'])|list|length }}", {"messages": MSGS}),
    ("{{ messages[-1].content }} {{ messages[:1]|length }} {{ (messages|last).role }} {{ messages|length - 1 }}", {"messages": MSGS}),
    ("{{ messages[1].content.strip() }}|{{ messages[2].content.split('</think>')[0].replace('<think>', '').strip() }}|{{ '\\n'.join(['a', 'b']) }}", {"messages": MSGS}),
    ("{{ tools|tojson(indent=4) }}", {"tools": [{"type": "function", "function": {"name": "f", "description": "Does <things> & \"stuff\"", "parameters": {"properties": {"x": {"type": "integer", "enum": [1, 2]}}}}}]}),
    ("{% for k, v in props|dictsort %}{{ k }}:{{ v.type }};{% endfor %}{% for k, v in props.items() %}{{ loop.index }}{{ k }}{% endfor %}", {"props": {"b": {"type": "int"}, "a": {"type": "str"}}}),
    ("{%- if add_generation_prompt %}\n    {{- '<|assistant|>\\n' }}\n    {%- if enable_thinking is defined and enable_thinking is false %}\n        {{- '<think>\\n\\n</think>\\n\\n' }}\n    {%- endif %}\n{%- endif %}",
     {"add_generation_prompt": True, "enable_thinking": False}),
    ("{{- '<|im_start|>system\\n' + (messages[0].content if messages[0].role == 'system' else 'You are Qwen.') + '<|im_end|>\\n' }}", {"messages": MSGS}),
    ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] | trim + '<|im_end|>' + '\\n' }}{% endfor %}", {"messages": MSGS}),
    ("{{ messages[0].content[:4] ~ '...' }} {{ messages[1].content|trim|length }} {{ (messages[1].content|trim)[::-1] }}", {"messages": MSGS}),
    ("{% if messages[0].role == 'system' %}\n  {% set offset = 1 %}\n{% else %}\n  {% set offset = 0 %}\n{% endif %}\n{{ offset }}\n", {"messages": MSGS}),
    ("{{ date_string if date_string is defined else strftime_now('%d %b %Y') }}", None),
    ("{% for m in messages %}{% generation %}{{ m.content|trim }}{% endgeneration %};{% endfor %}", {"messages": MSGS}),
]
