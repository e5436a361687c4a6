/** Streams a generative answer: each event (the answer so far, as its page documents) is printed as it arrives. */
import { createAlliClient } from "alli-sdk";

const alli = createAlliClient();

const stream = alli.getGenerativeAnswer({ query: "How do I change my plan?", mode: "stream" });
let events = 0;
for await (const event of stream) {
  events++;
  console.log(`  event ${events}: ${JSON.stringify(event)}`);
}
console.log(`streamed ${events} events`);
