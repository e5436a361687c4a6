/** Pages through conversations with `for await`: the SDK follows the cursor until the list ends. */
import { createAlliClient } from "alli-sdk";

const alli = createAlliClient(); // ALLI_API_KEY (and ALLI_BASE_URL, if set) from the environment

let count = 0;
for await (const page of alli.listConversations({ pageSize: 20 }, { maxItems: 100 }).pages()) {
  for (const conversation of page.items) {
    count++;
    console.log(`  ${conversation.id}  ${conversation.title ?? "(untitled)"}  (${conversation.chatCount} chats)`);
  }
  console.log(`  page ${page.index + 1}: ${page.items.length} conversations, next cursor ${JSON.stringify(page.next)}`);
}
console.log(`paged through ${count} conversations`);
