package dev.sfautoscaler.handler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Invokes the function under test through the Lambda mock event server, as Lambda would. */
final class Lambda {

    private Lambda() {
    }

    static ValidatableResponse invoke(String json) {
        return given().contentType(ContentType.JSON).body(json).when().post().then();
    }

    /** Invokes and expects a result. */
    static JsonPath succeeds(String json) {
        return invoke(json).statusCode(200).extract().jsonPath();
    }

    /** Invokes and expects the function error {@code type}; returns its message. */
    static String fails(String json, Class<? extends Throwable> type) {
        return invoke(json).statusCode(500).body("errorType", equalTo(type.getName()))
                .extract().path("errorMessage");
    }
}
