/* lab-tcp-reassembly.c: per connection and direction, bytes in sequence order.
 *
 * Sequence numbers are compared modulo 2^32 (RFC 793 §3.3): the signed 32-bit
 * difference from the next expected number says whether a segment is old (a
 * retransmission, or an overlap to trim), next, or early (held until the gap fills).
 * The SYN and the FIN each take one number of their own (RFC 793 §3.3). */
#include "lab-tcp-reassembly.h"

#include <string.h>

typedef struct
{
  guint32 seq;      /* sequence number of data[0] */
  GBytes *data;
  LabTcpSegment from; /* frame, time and offset of the segment that brought it */
} Pending;

typedef struct
{
  gboolean has_base;
  guint32 isn;       /* the SYN's sequence number */
  gboolean has_isn;
  guint32 next_seq;  /* the next byte to hand on */
  GQueue pending;    /* Pending, by sequence number from next_seq on */
  gsize pending_bytes;
  gboolean fin_seen, fin_noted, rst_noted, stopped;
  guint32 fin_seq;
} Half;

typedef struct
{
  LabTcpConnection pub;
  Half half[2];
} Connection;

typedef struct
{
  LabTcpEndpoint a, b; /* the two endpoints, smaller first */
} Key;

struct _LabTcpReassembly
{
  LabTcpCallbacks callbacks;
  gpointer user_data;
  GHashTable *latest;       /* Key -> Connection: the newest connection of that 4-tuple */
  GPtrArray *connections;   /* Connection, owned */
  gsize pending_total;
  GHashTable *dropped;       /* Key (owned) set: the 4-tuples of connections left out */
  gboolean dropped_past_cap; /* more were left out than `dropped` remembers */
};

/* 4-tuples of left-out connections remembered, so each counts once however many
 * segments it has: bounded, so a capture of millions cannot grow it without end. */
#define MAX_DROPPED_REMEMBERED 65536

/* ---- connections by their two endpoints ---- */

static int
endpoint_compare (const LabTcpEndpoint *x, const LabTcpEndpoint *y)
{
  int c;

  if (x->family != y->family)
    return x->family - y->family;
  if ((c = memcmp (x->address, y->address, sizeof x->address)) != 0)
    return c;
  return x->port - y->port;
}

static guint
key_hash (gconstpointer data)
{
  const Key *k = data;
  guint h = k->a.family * 31u + k->a.port * 65599u + k->b.port;

  for (gsize i = 0; i < sizeof k->a.address; i++)
    h = h * 33u + k->a.address[i] + k->b.address[i] * 7u;
  return h;
}

static gboolean
key_equal (gconstpointer x, gconstpointer y)
{
  const Key *a = x, *b = y;

  return endpoint_compare (&a->a, &b->a) == 0 && endpoint_compare (&a->b, &b->b) == 0;
}

static Key *
key_new (const LabTcpSegment *seg)
{
  Key *key = g_new0 (Key, 1);
  gboolean src_first = endpoint_compare (&seg->src, &seg->dst) <= 0;

  key->a = src_first ? seg->src : seg->dst;
  key->b = src_first ? seg->dst : seg->src;
  return key;
}

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_bytes_unref (p->data);
  g_free (p);
}

static void
connection_free (gpointer data)
{
  Connection *c = data;

  for (int d = 0; d < 2; d++)
    g_queue_clear_full (&c->half[d].pending, pending_free);
  if (c->pub.user_data_free != NULL)
    c->pub.user_data_free (c->pub.user_data);
  g_free (c);
}

LabTcpReassembly *
lab_tcp_reassembly_new (const LabTcpCallbacks *callbacks, gpointer user_data)
{
  LabTcpReassembly *self = g_new0 (LabTcpReassembly, 1);

  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->latest = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  self->connections = g_ptr_array_new_with_free_func (connection_free);
  self->dropped = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  return self;
}

void
lab_tcp_reassembly_free (LabTcpReassembly *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->latest);
  g_hash_table_unref (self->dropped);
  g_ptr_array_unref (self->connections);
  g_free (self);
}

GPtrArray *
lab_tcp_reassembly_connections (LabTcpReassembly *self)
{
  return self->connections;
}

guint
lab_tcp_reassembly_connections_dropped (LabTcpReassembly *self, gboolean *at_least)
{
  if (at_least != NULL)
    *at_least = self->dropped_past_cap;
  return g_hash_table_size (self->dropped);
}

static void
note (LabTcpReassembly *self, Connection *c, guint dir, LabTcpNote what,
      const LabTcpSegment *seg, const char *detail)
{
  if (self->callbacks.note != NULL)
    self->callbacks.note (&c->pub, dir, what, seg, detail, self->user_data);
}

/* A SYN without ACK on a 4-tuple whose connection has moved on (data, FIN or reset, and
 * another initial sequence number) opens a new connection: the port was reused. */
static gboolean
is_new_connection (Connection *c, const LabTcpSegment *seg)
{
  guint dir = lab_tcp_endpoint_equal (&seg->src, &c->pub.initiator) ? 0 : 1;
  const Half *h = &c->half[dir];

  if ((seg->flags & (LAB_TCP_SYN | LAB_TCP_ACK)) != LAB_TCP_SYN)
    return FALSE;
  if (h->has_isn && h->isn == seg->seq)
    return FALSE; /* the same SYN again */
  return c->pub.bytes[0] + c->pub.bytes[1] > 0 || h->fin_seen || c->half[1 - dir].fin_seen
         || h->rst_noted || c->half[1 - dir].rst_noted || h->has_isn;
}

static Connection *
find_connection (LabTcpReassembly *self, const LabTcpSegment *seg)
{
  Key probe = { 0 };
  Connection *c;
  gboolean src_first = endpoint_compare (&seg->src, &seg->dst) <= 0;

  probe.a = src_first ? seg->src : seg->dst;
  probe.b = src_first ? seg->dst : seg->src;
  c = g_hash_table_lookup (self->latest, &probe);
  if (c != NULL && !is_new_connection (c, seg))
    return c;
  if (self->connections->len >= LAB_TCP_MAX_CONNECTIONS)
    {
      /* counted once per 4-tuple, not once per segment */
      if (c == NULL && !g_hash_table_contains (self->dropped, &probe))
        {
          if (g_hash_table_size (self->dropped) < MAX_DROPPED_REMEMBERED)
            g_hash_table_add (self->dropped, key_new (seg));
          else
            self->dropped_past_cap = TRUE;
        }
      return NULL;
    }
  c = g_new0 (Connection, 1);
  c->pub.index = self->connections->len;
  c->pub.first_frame = seg->frame;
  /* A SYN+ACK without its SYN still says who is who. */
  if ((seg->flags & (LAB_TCP_SYN | LAB_TCP_ACK)) == (LAB_TCP_SYN | LAB_TCP_ACK))
    {
      c->pub.initiator = seg->dst;
      c->pub.responder = seg->src;
    }
  else
    {
      c->pub.initiator = seg->src;
      c->pub.responder = seg->dst;
    }
  g_ptr_array_add (self->connections, c);
  g_hash_table_replace (self->latest, key_new (seg), c);
  return c;
}

/* ---- one direction ---- */

static void
deliver (LabTcpReassembly *self, Connection *c, guint dir, const guint8 *data, gsize len,
         const LabTcpSegment *from)
{
  Half *h = &c->half[dir];

  h->next_seq += (guint32) len;
  c->pub.bytes[dir] += len;
  if (self->callbacks.data != NULL && len > 0)
    self->callbacks.data (&c->pub, dir, data, len, from, self->user_data);
}

/* Hands on what waited and is now next; notes the FIN once everything before it is in. */
static void
drain (LabTcpReassembly *self, Connection *c, guint dir, const LabTcpSegment *seg)
{
  Half *h = &c->half[dir];
  Pending *p;

  while ((p = g_queue_peek_head (&h->pending)) != NULL && (gint32) (p->seq - h->next_seq) <= 0)
    {
      gsize len = g_bytes_get_size (p->data);
      guint32 skip = h->next_seq - p->seq;

      g_queue_pop_head (&h->pending);
      h->pending_bytes -= len;
      self->pending_total -= len;
      if (skip < len)
        deliver (self, c, dir, (const guint8 *) g_bytes_get_data (p->data, NULL) + skip,
                 len - skip, &p->from);
      c->pub.retransmitted[dir] += MIN (skip, len);
      pending_free (p);
    }
  if (h->fin_seen && !h->fin_noted && h->next_seq == h->fin_seq
      && g_queue_is_empty (&h->pending))
    {
      h->fin_noted = TRUE;
      note (self, c, dir, LAB_TCP_NOTE_FIN, seg, NULL);
    }
}

static gint
pending_compare (gconstpointer a, gconstpointer b, gpointer next_seq)
{
  guint32 base = GPOINTER_TO_UINT (next_seq);
  guint32 x = ((const Pending *) a)->seq - base, y = ((const Pending *) b)->seq - base;

  return (x > y) - (x < y);
}

static void
hold (LabTcpReassembly *self, Connection *c, guint dir, const LabTcpSegment *seg, guint32 seq,
      const guint8 *data, gsize len)
{
  Half *h = &c->half[dir];
  Pending *p;

  if (h->stopped)
    return;
  if (h->pending_bytes + len > LAB_TCP_MAX_PENDING
      || self->pending_total + len > LAB_TCP_MAX_PENDING_TOTAL)
    {
      g_autofree char *detail = g_strdup_printf (
        "more than %u bytes of this direction (or %u of the whole capture) arrived after bytes "
        "the capture is missing; the lab stops reassembling this direction at frame %u",
        LAB_TCP_MAX_PENDING, LAB_TCP_MAX_PENDING_TOTAL, seg->frame);
      h->stopped = TRUE;
      self->pending_total -= h->pending_bytes;
      h->pending_bytes = 0;
      g_queue_clear_full (&h->pending, pending_free);
      note (self, c, dir, LAB_TCP_NOTE_LIMIT, seg, detail);
      return;
    }
  p = g_new0 (Pending, 1);
  p->seq = seq;
  p->data = g_bytes_new (data, len);
  p->from = *seg;
  p->from.payload = NULL;
  p->from.payload_len = 0;
  g_queue_insert_sorted (&h->pending, p, pending_compare, GUINT_TO_POINTER (h->next_seq));
  h->pending_bytes += len;
  self->pending_total += len;
}

static void
add_data (LabTcpReassembly *self, Connection *c, guint dir, const LabTcpSegment *seg,
          guint32 seq)
{
  Half *h = &c->half[dir];
  gint32 ahead;

  if (!h->has_base)
    {
      /* The capture began after this side's SYN: start from the first bytes seen. */
      h->has_base = TRUE;
      h->next_seq = seq;
      c->pub.started_late[dir] = TRUE;
    }
  if (h->stopped)
    return;
  ahead = (gint32) (seq - h->next_seq);
  if (ahead > 0)
    {
      hold (self, c, dir, seg, seq, seg->payload, seg->payload_len);
      return;
    }
  if ((gsize) -(gint64) ahead >= seg->payload_len)
    {
      c->pub.retransmitted[dir] += seg->payload_len;
      return;
    }
  c->pub.retransmitted[dir] += (guint32) -ahead;
  deliver (self, c, dir, seg->payload + (guint32) -ahead, seg->payload_len - (guint32) -ahead,
           seg);
}

void
lab_tcp_reassembly_add (LabTcpReassembly *self, const LabTcpSegment *seg)
{
  Connection *c = find_connection (self, seg);
  guint dir;
  Half *h;
  guint32 seq = seg->seq;

  if (c == NULL)
    return;
  dir = lab_tcp_endpoint_equal (&seg->src, &c->pub.initiator) ? 0 : 1;
  h = &c->half[dir];
  if (seg->flags & LAB_TCP_SYN)
    {
      if (!h->has_isn)
        {
          gboolean ack = (seg->flags & LAB_TCP_ACK) != 0;

          h->has_isn = TRUE;
          h->isn = seg->seq;
          if (!h->has_base)
            {
              h->has_base = TRUE;
              h->next_seq = seg->seq + 1;
            }
          c->pub.saw_syn |= !ack;
          note (self, c, dir, ack ? LAB_TCP_NOTE_SYN_ACK : LAB_TCP_NOTE_SYN, seg, NULL);
        }
      seq++; /* the SYN takes one sequence number; data in it (TCP Fast Open) follows */
    }
  if (seg->payload_len > 0)
    add_data (self, c, dir, seg, seq);
  if ((seg->flags & LAB_TCP_FIN) && !h->fin_seen)
    {
      if (!h->has_base)
        {
          h->has_base = TRUE;
          h->next_seq = seq;
        }
      h->fin_seen = TRUE;
      h->fin_seq = seq + (guint32) seg->payload_len;
    }
  drain (self, c, dir, seg);
  if ((seg->flags & LAB_TCP_RST) && !h->rst_noted)
    {
      h->rst_noted = TRUE;
      note (self, c, dir, LAB_TCP_NOTE_RST, seg, NULL);
    }
}

void
lab_tcp_reassembly_finish (LabTcpReassembly *self)
{
  for (guint i = 0; i < self->connections->len; i++)
    {
      Connection *c = g_ptr_array_index (self->connections, i);

      for (guint dir = 0; dir < 2; dir++)
        {
          Half *h = &c->half[dir];
          Pending *first = g_queue_peek_head (&h->pending);
          g_autofree char *detail = NULL;

          if (first == NULL)
            continue;
          detail = g_strdup_printf (
            "the capture is missing %u bytes of this direction after byte %" G_GUINT64_FORMAT
            " (before frame %u); the %" G_GSIZE_FORMAT " bytes captured after the gap cannot "
            "be placed in the stream",
            first->seq - h->next_seq, c->pub.bytes[dir], first->from.frame, h->pending_bytes);
          note (self, c, dir, LAB_TCP_NOTE_GAP, &first->from, detail);
          self->pending_total -= h->pending_bytes;
          h->pending_bytes = 0;
          g_queue_clear_full (&h->pending, pending_free);
        }
    }
}
