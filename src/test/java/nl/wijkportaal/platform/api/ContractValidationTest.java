package nl.wijkportaal.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import org.junit.jupiter.api.Test;

/**
 * The API's request validation builds each schema's validator once, with the router: none is left
 * to be built per request. (What it accepts and refuses is the contract's: ContractTest,
 * BadInputTest.)
 */
class ContractValidationTest {

  @Test
  void every_parameter_and_body_of_the_contract_has_its_validator_built_with_the_router() {
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = Api.load(vertx).await().contract();
      ContractValidation validation = new ContractValidation(vertx, contract);
      int schemas = 0;
      for (Operation operation : contract.operations()) {
        for (Parameter parameter : operation.getParameters()) {
          assertThat(validation.builtOnce(parameter.getSchema()))
              .as(operation.getOperationId() + " " + parameter.getName())
              .isTrue();
          schemas++;
        }
        if (operation.getRequestBody() != null) {
          for (MediaType type : operation.getRequestBody().getContent().values()) {
            if (type.getSchema() != null) {
              assertThat(validation.builtOnce(type.getSchema()))
                  .as(operation.getOperationId() + " body " + type.getIdentifier())
                  .isTrue();
              schemas++;
            }
          }
        }
      }
      assertThat(schemas).isPositive();
    } finally {
      vertx.close().await();
    }
  }
}
