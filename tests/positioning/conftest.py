import pytest

from tests.positioning.factories import OptionFactory, TopicFactory


@pytest.fixture
def topic(owner):
    return TopicFactory(creator=owner, name="LLM推理优化", ability=4, passion=5)


@pytest.fixture
def option(owner):
    return OptionFactory(creator=owner, title="AI大模型推理优化全栈")
