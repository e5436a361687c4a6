/** Streams a chat completion: each event is printed as it arrives, then the whole text. */
import { createAlliClient } from "alli-sdk";

const alli = createAlliClient();

const stream = alli.createChatCompletion({
  messages: [{ role: "user", content: "Say hello in Korean and Japanese." }],
  mode: "stream",
});
let events = 0;
for await (const event of stream) {
  events++;
  console.log(`  event ${events}: ${JSON.stringify(event)}`);
}
console.log(`streamed ${events} events`);
