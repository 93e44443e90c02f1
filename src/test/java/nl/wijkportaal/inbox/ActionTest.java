package nl.wijkportaal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every named action keeps to the state graph: no transition the graph does not allow. */
class ActionTest {

  @Test
  void every_transition_of_every_action_is_in_the_state_graph() {
    List<String> wrong = new ArrayList<>();
    for (Action action : Action.values()) {
      assertThat(action.from()).as(action + " starts somewhere").isNotEmpty();
      for (ItemState from : action.from()) {
        ItemState to = action.to().orElse(from);
        if (from != to && !StateGraph.allows(from, to)) {
          wrong.add(action + ": " + from.code() + " -> " + to.code());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void an_action_that_keeps_the_state_starts_only_from_open_states() {
    for (Action action : Action.values()) {
      if (action.to().isEmpty()) {
        assertThat(ItemState.openStates()).containsAll(action.from());
      }
    }
  }

  @Test
  void every_action_writes_a_history_row_of_its_own_kind() {
    for (Action action : Action.values()) {
      assertThat(action.historyKind()).as(action.name()).matches("[a-z_]+");
    }
  }
}
