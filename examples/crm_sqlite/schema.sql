-- The CRM side of examples/crm_sqlite: how a call-centre system might keep its conversations.
-- crm_score only reads these two tables; it never writes them.  A CRM whose tables look
-- different can expose these names as views.
CREATE TABLE IF NOT EXISTS conversations (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,        -- 'chat', 'phone' (speech transcript), 'email'
  agent_id TEXT,
  started_at TEXT               -- ISO 8601
);

CREATE TABLE IF NOT EXISTS turns (
  id INTEGER PRIMARY KEY,       -- crm_score works through agent turns in this order
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,         -- position in the conversation, from 0
  role TEXT NOT NULL CHECK (role IN ('agent', 'customer')),
  body BLOB,                    -- the text exactly as the channel delivered it
  encoding TEXT NOT NULL DEFAULT 'UTF-8',  -- of body: 'UTF-8', 'GBK', 'GB18030' or 'Big5'
  UNIQUE (conversation_id, seq)
);

-- The result tables crm_score creates (if missing) in the same database are in crm_score.c.
