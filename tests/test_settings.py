from assistant.settings import Settings


def test_settings_flat_env_names_reach_nested_fields(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", "/srv/assistant")
    monkeypatch.setenv("ASSISTANT_PORT", "8123")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    s = Settings()
    assert str(s.paths.data_dir) == "/srv/assistant"
    assert s.web.port == 8123
    assert s.llm.base_url == "http://127.0.0.1:9/v1"
    assert not s.llm_enabled


def test_settings_precedence_arguments_over_env_over_toml(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "assistant.toml").write_text("[retrieval]\ntop_k = 5\ndense_k = 11\n")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__TOP_K", "7")
    assert Settings().retrieval.dense_k == 11
    assert Settings().retrieval.top_k == 7
    assert Settings(retrieval={"top_k": 3}).retrieval.top_k == 3
