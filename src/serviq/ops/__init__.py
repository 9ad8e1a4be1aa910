"""Contact-centre operations: declared schemas, validated import, KPI definitions that run
on any engine (Ibis), Erlang C staffing, workload and work-order backlog."""
