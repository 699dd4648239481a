<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Action</name>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转派…</translation>
    </message>
    <message>
        <source>Set pending…</source>
        <translation>挂起…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复处理</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>完结…</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Close…</source>
        <translation>关闭…</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>分配…</translation>
    </message>
    <message>
        <source>Take the ticket and start working on it</source>
        <translation>接下这张工单并开始处理</translation>
    </message>
    <message>
        <source>Add a note to the record</source>
        <translation>在处理记录中添加备注</translation>
    </message>
    <message>
        <source>Send the ticket to another group, saying why</source>
        <translation>把工单转给其他小组，并说明原因</translation>
    </message>
    <message>
        <source>Wait for someone outside; the SLA clock pauses</source>
        <translation>等待外部答复；时效计时暂停</translation>
    </message>
    <message>
        <source>Continue working on the ticket</source>
        <translation>继续处理这张工单</translation>
    </message>
    <message>
        <source>The matter is settled</source>
        <translation>问题已经解决</translation>
    </message>
    <message>
        <source>The matter is not settled after all</source>
        <translation>问题其实还没有解决</translation>
    </message>
    <message>
        <source>File the resolved ticket for good</source>
        <translation>将已完结的工单最终归档</translation>
    </message>
    <message>
        <source>Choose who handles the ticket</source>
        <translation>指定由谁处理这张工单</translation>
    </message>
</context>
<context>
    <name>ActionBar</name>
    <message>
        <source>Accept within {time}</source>
        <translation>请在 {time} 内受理</translation>
    </message>
    <message>
        <source>{agent} has {time} to accept</source>
        <translation>{agent}还有 {time} 可以受理</translation>
    </message>
    <message>
        <source>Not accepted by {time}, it is offered to someone else.</source>
        <translation>若 {time} 前未受理，工单将分配给其他人。</translation>
    </message>
    <message>
        <source>Not done: {reason}</source>
        <translation>操作未完成：{reason}</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Ticket types</source>
        <translation>工单类型</translation>
    </message>
    <message>
        <source>Quick replies</source>
        <translation>快捷回复</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Webhooks</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>Webhook endpoints</source>
        <translation>Webhook 端点</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>投递记录</translation>
    </message>
    <message>
        <source>Failed deliveries</source>
        <translation>失败的投递</translation>
    </message>
</context>
<context>
    <name>Age</name>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
    <message>
        <source>{d} d</source>
        <translation>{d} 天</translation>
    </message>
    <message>
        <source>{d} d {h} h</source>
        <translation>{d} 天 {h} 小时</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} 分钟 {s} 秒</translation>
    </message>
</context>
<context>
    <name>ApiKeyTableModel</name>
    <message>
        <source>Replaced</source>
        <translation>已替换</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Service account</source>
        <translation>服务账号</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>密钥名称</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>权限范围</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>AppearancePage</name>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>As the system (light or dark)</source>
        <translation>跟随系统（浅色或深色）</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Text &amp;size:</source>
        <translation>字号(&amp;S)：</translation>
    </message>
    <message>
        <source>As the system ({size} pt)</source>
        <translation>跟随系统（{size} 磅）</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Assign ticket #{number}</source>
        <translation>分配工单 #{number}</translation>
    </message>
    <message>
        <source>Assign even if over capacity</source>
        <translation>超出容量也分配</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Back to queue</source>
        <translation>退回队列</translation>
    </message>
    <message>
        <source>Take it away from its agent; the group&apos;s queue gets it back</source>
        <translation>从当前客服手中收回，放回小组队列</translation>
    </message>
    <message>
        <source>Members of {group}</source>
        <translation>{group}的成员</translation>
    </message>
    <message>
        <source>The engine would now choose: {pick}</source>
        <translation>现在系统会选：{pick}</translation>
    </message>
    <message>
        <source>Nothing was changed; choose again to move it anyway.</source>
        <translation>未做任何改动；如仍要移动，请再选一次。</translation>
    </message>
    <message>
        <source>Agent at capacity</source>
        <translation>客服已满负荷</translation>
    </message>
    <message>
        <source>Assign anyway</source>
        <translation>仍然分配</translation>
    </message>
</context>
<context>
    <name>AssignRule</name>
    <message>
        <source>owner of the order</source>
        <translation>订单负责人</translation>
    </message>
    <message>
        <source>handled this order before</source>
        <translation>上次处理人</translation>
    </message>
    <message>
        <source>least loaded</source>
        <translation>负载最低</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Open {name}</source>
        <translation>打开 {name}</translation>
    </message>
    <message>
        <source>Save {name}</source>
        <translation>保存 {name}</translation>
    </message>
    <message>
        <source>Preview of {name}</source>
        <translation>{name} 的预览</translation>
    </message>
    <message>
        <source>Save attachment</source>
        <translation>保存附件</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>working hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>accept timeout (s)</source>
        <translation>受理时限（秒）</translation>
    </message>
    <message>
        <source>default capacity</source>
        <translation>默认容量</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>body template</source>
        <translation>正文模板</translation>
    </message>
    <message>
        <source>text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>default group</source>
        <translation>默认小组</translation>
    </message>
    <message>
        <source>default priority</source>
        <translation>默认优先级</translation>
    </message>
    <message>
        <source>first-response target (min)</source>
        <translation>首次响应时限（分钟）</translation>
    </message>
    <message>
        <source>resolution target (min)</source>
        <translation>解决时限（分钟）</translation>
    </message>
    <message>
        <source>never open</source>
        <translation>从不开放</translation>
    </message>
    <message>
        <source>{n} holidays</source>
        <translation>{n} 个节假日</translation>
    </message>
    <message>
        <source>group default</source>
        <translation>组默认</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation>{n} 项</translation>
    </message>
    <message>
        <source>password reset</source>
        <translation>重置了密码</translation>
    </message>
    <message>
        <source>{setting} changed</source>
        <translation>{setting}已修改</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>{actor} created group {group}</source>
        <translation>{actor} 创建了小组 {group}</translation>
    </message>
    <message>
        <source>{actor} changed group {group}: {changes}</source>
        <translation>{actor} 修改了小组 {group}：{changes}</translation>
    </message>
    <message>
        <source>{actor} added {user} to {group} (capacity {capacity})</source>
        <translation>{actor} 将 {user} 加入 {group}（容量 {capacity}）</translation>
    </message>
    <message>
        <source>{actor} changed {user} in {group}: {changes}</source>
        <translation>{actor} 修改了 {group} 中的 {user}：{changes}</translation>
    </message>
    <message>
        <source>{actor} removed {user} from {group}</source>
        <translation>{actor} 将 {user} 移出 {group}</translation>
    </message>
    <message>
        <source>{actor} made {user} a supervisor of {group}</source>
        <translation>{actor} 指定 {user} 为 {group} 的主管</translation>
    </message>
    <message>
        <source>{actor} made {user} no longer supervise {group}</source>
        <translation>{actor} 取消了 {user} 对 {group} 的主管职责</translation>
    </message>
    <message>
        <source>{actor} created account {user} ({role})</source>
        <translation>{actor} 创建了账号 {user}（{role}）</translation>
    </message>
    <message>
        <source>{actor} changed account {user}: {changes}</source>
        <translation>{actor} 修改了账号 {user}：{changes}</translation>
    </message>
    <message>
        <source>{actor} created ticket type {type}</source>
        <translation>{actor} 创建了工单类型 {type}</translation>
    </message>
    <message>
        <source>{actor} registered webhook {url}</source>
        <translation>{actor} 登记了 Webhook {url}</translation>
    </message>
    <message>
        <source>{actor} rotated the secret of webhook {url}</source>
        <translation>{actor} 更换了 Webhook {url} 的密钥</translation>
    </message>
    <message>
        <source>{actor} changed webhook {url}: {changes}</source>
        <translation>{actor} 修改了 Webhook {url}：{changes}</translation>
    </message>
    <message>
        <source>{actor} removed webhook {url}</source>
        <translation>{actor} 删除了 Webhook {url}</translation>
    </message>
    <message>
        <source>{actor} created quick reply “{name}” of {group}</source>
        <translation>{actor} 创建了 {group} 的快捷回复“{name}”</translation>
    </message>
    <message>
        <source>{actor} changed quick reply “{name}” of {group}: {changes}</source>
        <translation>{actor} 修改了 {group} 的快捷回复“{name}”：{changes}</translation>
    </message>
    <message>
        <source>{actor} removed quick reply “{name}” of {group}</source>
        <translation>{actor} 删除了 {group} 的快捷回复“{name}”</translation>
    </message>
    <message>
        <source>{actor} changed ticket type {type}: {changes}</source>
        <translation>{actor} 修改了工单类型 {type}：{changes}</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>经过</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Words (notes, comments, titles, changes)</source>
        <translation>关键词（备注、评论、标题、变更）</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Any event</source>
        <translation>任意事件</translation>
    </message>
    <message>
        <source>Admin changes (all)</source>
        <translation>全部管理变更</translation>
    </message>
    <message>
        <source>Search in</source>
        <translation>搜索范围</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Done by</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Any group</source>
        <translation>任意小组</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>任何人</translation>
    </message>
    <message>
        <source>A ticket number is digits only.</source>
        <translation>工单号只能是数字。</translation>
    </message>
    <message>
        <source>{n} found so far, loading…</source>
        <translation>已找到 {n} 条，正在加载…</translation>
    </message>
    <message>
        <source>{n} shown; scroll down for more</source>
        <translation>已显示 {n} 条，向下滚动加载更多</translation>
    </message>
    <message>
        <source>{n} found</source>
        <translation>共 {n} 条</translation>
    </message>
    <message>
        <source>Ticket #{number}</source>
        <translation>工单 #{number}</translation>
    </message>
    <message>
        <source>audit</source>
        <translation>审计</translation>
    </message>
</context>
<context>
    <name>Board</name>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等待</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>待受理</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Online / members</source>
        <translation>在线 / 成员</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>另有 %1 张</translation>
    </message>
</context>
<context>
    <name>BoardAgents</name>
    <message>
        <source>Agent / ticket</source>
        <translation>客服 / 工单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>For</source>
        <translation>持续</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>负荷</translation>
    </message>
    <message>
        <source>Capacity 0 in this group: the engine offers them nothing here (%1 in hand); assigning by hand needs Assign anyway</source>
        <translation>在本组容量为 0：自动分配不会派给此人（手上 %1 张）；手动分配需选“仍然分配”</translation>
    </message>
    <message>
        <source>%1 of %2 tickets in hand in this group</source>
        <translation>本组在手 %1 张，上限 %2 张</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>待受理</translation>
    </message>
    <message>
        <source>%1 to accept</source>
        <translation>%1 内受理</translation>
    </message>
</context>
<context>
    <name>BoardColumns</name>
    <message>
        <source>No group to show.</source>
        <translation>没有可显示的小组。</translation>
    </message>
    <message>
        <source>Groups {first}–{last} of {count}</source>
        <translation>第 {first}–{last} 个小组，共 {count} 个</translation>
    </message>
</context>
<context>
    <name>BoardMover</name>
    <message>
        <source>1 ticket assigned to {name}.</source>
        <translation>已将 1 张工单分配给 {name}。</translation>
    </message>
    <message>
        <source>{count} tickets assigned to {name}.</source>
        <translation>已将 {count} 张工单分配给 {name}。</translation>
    </message>
    <message>
        <source>1 ticket back in the queue.</source>
        <translation>1 张工单已退回队列。</translation>
    </message>
    <message>
        <source>{count} tickets back in the queue.</source>
        <translation>{count} 张工单已退回队列。</translation>
    </message>
    <message>
        <source>1 ticket transferred to {group}.</source>
        <translation>已将 1 张工单转派给 {group}。</translation>
    </message>
    <message>
        <source>{count} tickets transferred to {group}.</source>
        <translation>已将 {count} 张工单转派给 {group}。</translation>
    </message>
    <message>
        <source>Transfer 1 ticket to {group}</source>
        <translation>将 1 张工单转派给 {group}</translation>
    </message>
    <message>
        <source>Transfer {count} tickets to {group}</source>
        <translation>将 {count} 张工单转派给 {group}</translation>
    </message>
    <message>
        <source>Still sending the last move; try again in a moment.</source>
        <translation>上一次调整还在提交，请稍后再试。</translation>
    </message>
    <message>
        <source>Ticket #{number}:</source>
        <translation>工单 #{number}：</translation>
    </message>
    <message>
        <source>Nothing was moved.</source>
        <translation>所有工单均未调整。</translation>
    </message>
    <message>
        <source>Agent at capacity</source>
        <translation>客服已满负荷</translation>
    </message>
    <message>
        <source>The agent</source>
        <translation>该客服</translation>
    </message>
    <message>
        <source>Assign anyway</source>
        <translation>仍然分配</translation>
    </message>
    <message>
        <source>Not assigned: the agent is at capacity.</source>
        <translation>未分配：该客服已满负荷。</translation>
    </message>
</context>
<context>
    <name>BoardQueue</name>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>已等待</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>Held until</source>
        <translation>存单至</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>已超时 %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩 %1</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>Filter groups</source>
        <translation>筛选小组</translation>
    </message>
    <message>
        <source>Only the groups I oversee</source>
        <translation>只看我负责的小组</translation>
    </message>
    <message>
        <source>Order of the groups</source>
        <translation>小组的排列顺序</translation>
    </message>
    <message>
        <source>&amp;Order:</source>
        <translation>排序(&amp;O)：</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>分配…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转派…</translation>
    </message>
    <message>
        <source>Back to queue</source>
        <translation>退回队列</translation>
    </message>
    <message>
        <source>Mine first, then by name</source>
        <translation>我负责的在前，再按名称</translation>
    </message>
    <message>
        <source>Longest wait first</source>
        <translation>等待最久的在前</translation>
    </message>
    <message>
        <source>Most waiting first</source>
        <translation>排队最多的在前</translation>
    </message>
    <message>
        <source>Fewest online first</source>
        <translation>在线最少的在前</translation>
    </message>
    <message>
        <source>Drag tickets onto an agent, another group&apos;s column or the queue — or select them (Ctrl/Shift for several), then: A assign · T transfer · Q back to the queue · Ctrl+←/→ the next group</source>
        <translation>把工单拖到客服、其他小组的列或队列上——或选中工单（Ctrl/Shift 多选）后按：A 分配 · T 转派 · Q 退回队列 · Ctrl+←/→ 切换小组</translation>
    </message>
    <message>
        <source>The engine&apos;s recent decisions</source>
        <translation>自动分配的最近决定</translation>
    </message>
    <message>
        <source>Assign {count} tickets to</source>
        <translation>将 {count} 张工单分配给</translation>
    </message>
    <message>
        <source>Transfer {count} tickets to</source>
        <translation>将 {count} 张工单转派给</translation>
    </message>
    <message>
        <source>%1 groups · %2 tickets waiting</source>
        <translation>%1 个小组 · %2 张工单排队</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>小组</translation>
    </message>
</context>
<context>
    <name>CallerDialog</name>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>New ticket for this caller</source>
        <translation>为该来电客户新建工单</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Open tickets (double-click to open)</source>
        <translation>未完结工单（双击打开）</translation>
    </message>
    <message>
        <source>Looking up {value}…</source>
        <translation>正在查询 {value}…</translation>
    </message>
    <message>
        <source>Caller {number} {who}</source>
        <translation>来电 {number} {who}</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>订单 {number}</translation>
    </message>
    <message>
        <source>No orders or open tickets for this caller.</source>
        <translation>该来电客户没有订单或未完结工单。</translation>
    </message>
</context>
<context>
    <name>CapacityQuestion</name>
    <message>
        <source>{name} takes no tickets in this group (capacity 0; {load} in hand). Assign anyway?</source>
        <translation>{name} 在本组不接单（容量 0，手上 {load} 张）。仍然分配？</translation>
    </message>
    <message>
        <source>{name} already has {load} of {capacity} tickets. Assign anyway?</source>
        <translation>{name} 已有 {load}/{capacity} 张工单。仍然分配？</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>命令面板</translation>
    </message>
    <message>
        <source>Type a command, a view, a ticket number or title (pinyin works too)…</source>
        <translation>输入命令、视图、工单号或标题（也可用拼音）…</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
</context>
<context>
    <name>CommentBox</name>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Write a reply… (/ inserts a quick reply, Ctrl+Enter sends)</source>
        <translation>输入回复…（输入 / 插入快捷回复，Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Add files to the reply being written, or to the ticket while the box is empty (or drop them here, or paste a screenshot with Ctrl+V)</source>
        <translation>把文件添加到正在写的回复；回复框为空时添加到工单（也可以把文件拖到这里，或用 Ctrl+V 粘贴截图）</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>With this reply: {name}</source>
        <translation>随本回复发送：{name}</translation>
    </message>
    <message>
        <source>Do not send {name} with the reply</source>
        <translation>不随回复发送 {name}</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>移除 {name}</translation>
    </message>
    <message>
        <source>Uploading {name}</source>
        <translation>正在上传 {name}</translation>
    </message>
    <message>
        <source>Upload of {name}</source>
        <translation>{name} 的上传进度</translation>
    </message>
    <message>
        <source>{name} was not attached: {reason}</source>
        <translation>{name} 未能添加为附件：{reason}</translation>
    </message>
    <message>
        <source>You cannot comment on this ticket.</source>
        <translation>您不能在这张工单上添加备注。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>The comment is too long (at most {max} characters).</source>
        <translation>备注太长（最多 {max} 个字符）。</translation>
    </message>
    <message>
        <source>The comment was not sent; it is still in the box. {reason}</source>
        <translation>备注未发送，内容仍保留在输入框中。{reason}</translation>
    </message>
</context>
<context>
    <name>Conflict</name>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <source>It was transferred to %1 %2.</source>
        <translation>它在%2转派到了%1。</translation>
    </message>
    <message>
        <source>%1 accepted it %2.</source>
        <translation>%1 在%2受理了它。</translation>
    </message>
    <message>
        <source>It was offered to %1 %2.</source>
        <translation>它在%2分配给了%1。</translation>
    </message>
    <message>
        <source>It went back to the queue %2.</source>
        <translation>它在%2退回了队列。</translation>
    </message>
    <message>
        <source>It was resolved %2.</source>
        <translation>它在%2完结了。</translation>
    </message>
    <message>
        <source>It changed %2.</source>
        <translation>它在%2被改动了。</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last week (Mon–Sun)</source>
        <translation>上周（周一至周日）</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义时间段</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时间段</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Volume: created and resolved</source>
        <translation>工单量：新建与完结</translation>
    </message>
    <message>
        <source>Backlog now, by age</source>
        <translation>当前积压（按时长）</translation>
    </message>
    <message>
        <source>Per agent</source>
        <translation>按客服</translation>
    </message>
    <message>
        <source>First response: how long it took</source>
        <translation>首次响应用时分布</translation>
    </message>
    <message>
        <source>Figures per agent</source>
        <translation>各客服的指标</translation>
    </message>
    <message>
        <source>Per agent — red: behind (SLA breaches and lapsed offers over a tenth of their offers, or a ticket in hand for over a day); click a column to sort</source>
        <translation>按客服——红色为落后（超时效与超时未受理超过所分配工单的十分之一，或手上工单超过一天）；点击列标题排序</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>完结</translation>
    </message>
    <message>
        <source>Transferred in</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>Transferred out</source>
        <translation>转出</translation>
    </message>
    <message>
        <source>Reassigned on timeout</source>
        <translation>超时重新分配</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>First response, median</source>
        <translation>首次响应（中位数）</translation>
    </message>
    <message>
        <source>First response, 90th pct.</source>
        <translation>首次响应（90 分位）</translation>
    </message>
    <message>
        <source>Handling, median</source>
        <translation>处理时长（中位数）</translation>
    </message>
    <message>
        <source>Handling, 90th pct.</source>
        <translation>处理时长（90 分位）</translation>
    </message>
    <message>
        <source>SLA breaches</source>
        <translation>超时效</translation>
    </message>
    <message>
        <source>SLA escalations</source>
        <translation>时效升级</translation>
    </message>
    <message>
        <source>Backlog now</source>
        <translation>当前积压</translation>
    </message>
    <message>
        <source>Tickets created into the chosen groups in the period.</source>
        <translation>时间段内新建到所选小组的工单数。</translation>
    </message>
    <message>
        <source>Resolutions in the period (resolved again after a reopening counts again).</source>
        <translation>时间段内的完结次数（重新打开后再次完结会再计一次）。</translation>
    </message>
    <message>
        <source>Transfers into a chosen group from another group.</source>
        <translation>从其他小组转派到所选小组的次数。</translation>
    </message>
    <message>
        <source>Transfers out of a chosen group.</source>
        <translation>从所选小组转派出去的次数。</translation>
    </message>
    <message>
        <source>Offers not accepted within the group&apos;s accept timeout.</source>
        <translation>分配后未在小组受理时限内受理的次数。</translation>
    </message>
    <message>
        <source>Resolved tickets opened again.</source>
        <translation>已完结又被重新打开的工单数。</translation>
    </message>
    <message>
        <source>Creation to first acceptance, over the tickets first accepted in the period.</source>
        <translation>从新建到首次受理的时长，按时间段内首次受理的工单计算。</translation>
    </message>
    <message>
        <source>Nine in ten first responses took at most this long.</source>
        <translation>十次首次响应中有九次不超过这个时长。</translation>
    </message>
    <message>
        <source>Latest acceptance to resolution, over the period&apos;s resolutions.</source>
        <translation>从最近一次受理到完结的时长，按时间段内的完结计算。</translation>
    </message>
    <message>
        <source>Nine in ten resolutions took at most this long.</source>
        <translation>十次完结中有九次的处理时长不超过这个时长。</translation>
    </message>
    <message>
        <source>First responses and resolutions later than the ticket type&apos;s targets.</source>
        <translation>晚于工单类型时效目标的首次响应和解决。</translation>
    </message>
    <message>
        <source>Warnings and breaches the server raised while the chosen groups held the tickets.</source>
        <translation>所选组持有工单期间服务器发出的预警与超时。</translation>
    </message>
    <message>
        <source>Open tickets now, whatever the period, and the age of the oldest.</source>
        <translation>当前未完结的工单（与时间段无关）及其中最久的时长。</translation>
    </message>
    <message>
        <source>All groups</source>
        <translation>全部小组</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>● Live: today&apos;s figures update as events arrive (as of {time})</source>
        <translation>● 实时：今天的数字随事件自动更新（截至 {time}）</translation>
    </message>
    <message>
        <source>Figures as of {time}</source>
        <translation>数据截至 {time}</translation>
    </message>
    <message>
        <source>Could not load the KPIs: {reason}</source>
        <translation>无法加载绩效指标：{reason}</translation>
    </message>
    <message>
        <source>{n} first responses</source>
        <translation>{n} 次首次响应</translation>
    </message>
    <message>
        <source>{n} resolutions</source>
        <translation>{n} 次完结</translation>
    </message>
    <message>
        <source>first response {fr} · resolution {res}</source>
        <translation>首次响应 {fr} · 解决 {res}</translation>
    </message>
    <message>
        <source>warnings {w} · breaches {b}</source>
        <translation>预警 {w} · 超时 {b}</translation>
    </message>
    <message>
        <source>oldest {age}</source>
        <translation>最久 {age}</translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation>未完结工单</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>积压</translation>
    </message>
    <message>
        <source>First responses</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>d</source>
        <translation>天</translation>
    </message>
    <message>
        <source>h</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>min</source>
        <translation>分</translation>
    </message>
    <message>
        <source>kpis</source>
        <translation>绩效指标</translation>
    </message>
</context>
<context>
    <name>DateEntry</name>
    <message>
        <source>e.g. 2026-10-01</source>
        <translation>例如 2026-10-01</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>Pick a day on the calendar</source>
        <translation>在日历上选择日期</translation>
    </message>
</context>
<context>
    <name>Decisions</name>
    <message>
        <source>offer lapsed, again: %1</source>
        <translation>超时未受理，重新分配：%1</translation>
    </message>
    <message>
        <source>Considered (load/capacity): %1</source>
        <translation>参与比较（负荷/上限）：%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>To</source>
        <translation>分给</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
</context>
<context>
    <name>DeliveryTableModel</name>
    <message>
        <source>Waiting for an earlier one</source>
        <translation>等待前一条</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>重试中</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <source>Next attempt {time}</source>
        <translation>下次尝试 {time}</translation>
    </message>
    <message>
        <source>Event time</source>
        <translation>事件时间</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>上次尝试</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 状态</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>上次错误</translation>
    </message>
</context>
<context>
    <name>DesktopNotifier</name>
    <message>
        <source>SLA breached: no first response</source>
        <translation>时效超时：未首次响应</translation>
    </message>
    <message>
        <source>SLA breached: not resolved in time</source>
        <translation>时效超时：未按时解决</translation>
    </message>
    <message>
        <source>SLA warning: first response due soon</source>
        <translation>时效预警：首次响应即将到期</translation>
    </message>
    <message>
        <source>SLA warning: resolution due soon</source>
        <translation>时效预警：解决时限即将到期</translation>
    </message>
    <message>
        <source>New ticket for you</source>
        <translation>有新工单分配给您</translation>
    </message>
    <message>
        <source>{count} notifications</source>
        <translation>{count} 条通知</translation>
    </message>
    <message>
        <source>While you were not to be disturbed: 1 notification</source>
        <translation>免打扰期间：1 条通知</translation>
    </message>
    <message>
        <source>While you were not to be disturbed: {count} notifications</source>
        <translation>免打扰期间：{count} 条通知</translation>
    </message>
    <message>
        <source>{priority} · accept by {time}</source>
        <translation>{priority} · 请在 {time} 前受理</translation>
    </message>
    <message>
        <source>{count} new tickets for you</source>
        <translation>有 {count} 张新工单分配给您</translation>
    </message>
    <message>
        <source>Transferred to {group}</source>
        <translation>已转派到{group}</translation>
    </message>
    <message>
        <source>From {group}, by {name}</source>
        <translation>来自{group}，转派人：{name}</translation>
    </message>
    <message>
        <source>Comment from {name}</source>
        <translation>{name} 发表了备注</translation>
    </message>
    <message>
        <source>SLA escalation</source>
        <translation>时效升级</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>另有 {count} 张</translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation>新工单</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>时效</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Transferred in</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The server is restarting its database. Nothing was changed; try again in {wait}.</source>
        <translation>服务器正在重启数据库，本次操作未生效；请 {wait}后重试。</translation>
    </message>
    <message>
        <source>The server is restarting its database. Nothing was changed; try again in a moment.</source>
        <translation>服务器正在重启数据库，本次操作未生效；请稍后重试。</translation>
    </message>
    <message>
        <source>The server is busy or restarting. Nothing was changed; try again shortly.</source>
        <translation>服务器繁忙或正在重启，本次操作未生效；请稍后重试。</translation>
    </message>
    <message>
        <source>Too many attempts. Try again in {wait}.</source>
        <translation>尝试次数过多，请 {wait}后重试。</translation>
    </message>
    <message>
        <source>Too many attempts. Try again later.</source>
        <translation>尝试次数过多，请稍后重试。</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the network and try again.</source>
        <translation>无法连接服务器。请检查网络后重试。</translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again.</source>
        <translation>服务器没有及时响应，请重试。</translation>
    </message>
    <message>
        <source>The server sent an answer this client does not understand.</source>
        <translation>服务器返回了本客户端无法识别的内容。</translation>
    </message>
    <message>
        <source>The ticket has changed in the meantime; this is no longer possible.</source>
        <translation>工单刚刚已有变化，此操作已不可执行。</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>您没有权限执行此操作。</translation>
    </message>
    <message>
        <source>Only supervisors may do this.</source>
        <translation>只有主管可以执行此操作。</translation>
    </message>
    <message>
        <source>This ticket no longer exists or is no longer visible to you.</source>
        <translation>该工单已不存在，或您已无权查看。</translation>
    </message>
    <message>
        <source>The ticket is already in that group.</source>
        <translation>工单已经在该小组。</translation>
    </message>
    <message>
        <source>That group is no longer active.</source>
        <translation>该小组已停用。</translation>
    </message>
    <message>
        <source>That person is not a member of the ticket&apos;s group.</source>
        <translation>此人不是工单所属小组的成员。</translation>
    </message>
    <message>
        <source>That account is deactivated.</source>
        <translation>该账号已停用。</translation>
    </message>
    <message>
        <source>That agent already has as many tickets as allowed. Tick “Assign even if over capacity” to assign anyway.</source>
        <translation>该客服手上的工单已达上限。如仍要分配，请勾选“超出容量也分配”。</translation>
    </message>
    <message>
        <source>The ticket is already assigned to that agent.</source>
        <translation>工单已经分配给该客服。</translation>
    </message>
    <message>
        <source>The ticket is not assigned to anyone.</source>
        <translation>工单尚未分配给任何人。</translation>
    </message>
    <message>
        <source>This ticket type has been retired.</source>
        <translation>该工单类型已停用。</translation>
    </message>
    <message>
        <source>Choose a group for the ticket.</source>
        <translation>请为工单选择小组。</translation>
    </message>
    <message>
        <source>Some fields are missing or invalid.</source>
        <translation>有字段未填写或填写有误。</translation>
    </message>
    <message>
        <source>Your session has ended. Please log in again.</source>
        <translation>您的登录已失效，请重新登录。</translation>
    </message>
    <message>
        <source>The server hit an unexpected error. Try again later.</source>
        <translation>服务器发生意外错误，请稍后重试。</translation>
    </message>
    <message>
        <source>The server refused: {message}</source>
        <translation>服务器拒绝了请求：{message}</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>服务器没有及时响应</translation>
    </message>
    <message>
        <source>the server is restarting its database</source>
        <translation>服务器正在重启数据库</translation>
    </message>
    <message>
        <source>the server is busy</source>
        <translation>服务器繁忙</translation>
    </message>
    <message>
        <source>the server cannot be reached</source>
        <translation>无法连接服务器</translation>
    </message>
</context>
<context>
    <name>EventKind</name>
    <message>
        <source>Created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>进入队列</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>存单</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>存单释放</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>取消分配</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>转派</translation>
    </message>
    <message>
        <source>Set pending</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>恢复处理</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>完结</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>SLA warning</source>
        <translation>时效预警</translation>
    </message>
    <message>
        <source>SLA breached</source>
        <translation>时效超时</translation>
    </message>
    <message>
        <source>SLA due times recomputed</source>
        <translation>时效到期时间已重算</translation>
    </message>
    <message>
        <source>Priority raised by the SLA</source>
        <translation>时效自动升级优先级</translation>
    </message>
    <message>
        <source>Group notified by the SLA</source>
        <translation>时效自动通知组</translation>
    </message>
    <message>
        <source>Account created</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <source>Account changed</source>
        <translation>修改账号</translation>
    </message>
    <message>
        <source>Group created</source>
        <translation>创建小组</translation>
    </message>
    <message>
        <source>Group changed</source>
        <translation>修改小组</translation>
    </message>
    <message>
        <source>Member added or changed</source>
        <translation>添加或修改成员</translation>
    </message>
    <message>
        <source>Member removed</source>
        <translation>移除成员</translation>
    </message>
    <message>
        <source>Supervisor now oversees the group</source>
        <translation>主管开始负责该小组</translation>
    </message>
    <message>
        <source>Supervisor no longer oversees it</source>
        <translation>主管不再负责该小组</translation>
    </message>
    <message>
        <source>Ticket type created</source>
        <translation>创建工单类型</translation>
    </message>
    <message>
        <source>Ticket type changed</source>
        <translation>修改工单类型</translation>
    </message>
    <message>
        <source>Order updated</source>
        <translation>订单更新</translation>
    </message>
    <message>
        <source>Webhook registered</source>
        <translation>已登记 Webhook</translation>
    </message>
    <message>
        <source>Webhook changed</source>
        <translation>Webhook 已修改</translation>
    </message>
    <message>
        <source>Webhook removed</source>
        <translation>Webhook 已删除</translation>
    </message>
    <message>
        <source>Quick reply created</source>
        <translation>快捷回复已创建</translation>
    </message>
    <message>
        <source>Quick reply changed</source>
        <translation>快捷回复已修改</translation>
    </message>
    <message>
        <source>Quick reply removed</source>
        <translation>快捷回复已删除</translation>
    </message>
    <message>
        <source>Status changed</source>
        <translation>在线状态变更</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Logged out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Login locked</source>
        <translation>登录锁定</translation>
    </message>
    <message>
        <source>API key created</source>
        <translation>已创建 API 密钥</translation>
    </message>
    <message>
        <source>API key revoked</source>
        <translation>已吊销 API 密钥</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, comma-separated (*.csv)</source>
        <translation>CSV，逗号分隔 (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>ExportProgressDialog</name>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Writing {name}</source>
        <translation>正在写入 {name}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>{rows} of {total} rows</source>
        <translation>已写入 {rows} / {total} 行</translation>
    </message>
    <message>
        <source>{rows} rows written</source>
        <translation>已写入 {rows} 行</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Export failed: {message}</source>
        <translation>导出失败：{message}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ExportSource</name>
    <message>
        <source>the server&apos;s export lists other columns</source>
        <translation>服务器导出的列与所需不符</translation>
    </message>
    <message>
        <source>the export stopped on the server</source>
        <translation>导出在服务器上中止</translation>
    </message>
    <message>
        <source>the export was cut short after {rows} rows</source>
        <translation>导出在 {rows} 行后中断</translation>
    </message>
    <message>
        <source>the server&apos;s export is not readable: {reason}</source>
        <translation>无法读取服务器的导出：{reason}</translation>
    </message>
</context>
<context>
    <name>FieldDraftModel</name>
    <message>
        <source>(no label)</source>
        <translation>（无标签）</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>e.g. 138 0013 8000</source>
        <translation>例如 138 0013 8000</translation>
    </message>
    <message>
        <source>e.g. TD2026110100123</source>
        <translation>例如 TD2026110100123</translation>
    </message>
    <message>
        <source>a number from {min} to {max}</source>
        <translation>{min} 到 {max} 之间的数字</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
</context>
<context>
    <name>FieldError</name>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Not a field of this ticket type</source>
        <translation>不是该工单类型的字段</translation>
    </message>
    <message>
        <source>Must be text</source>
        <translation>必须是文字</translation>
    </message>
    <message>
        <source>At least {min} characters</source>
        <translation>至少 {min} 个字符</translation>
    </message>
    <message>
        <source>At most {max} characters</source>
        <translation>最多 {max} 个字符</translation>
    </message>
    <message>
        <source>Must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>Must be at least {min}</source>
        <translation>不能小于 {min}</translation>
    </message>
    <message>
        <source>Must be at most {max}</source>
        <translation>不能大于 {max}</translation>
    </message>
    <message>
        <source>Choose one of the options</source>
        <translation>请从选项中选择</translation>
    </message>
    <message>
        <source>Must be a date (YYYY-MM-DD)</source>
        <translation>必须是日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Must be a phone number (digits, spaces, dashes)</source>
        <translation>必须是电话号码（数字、空格、短横线）</translation>
    </message>
    <message>
        <source>Must be an order number (3–40 letters/digits)</source>
        <translation>必须是订单号（3–40 位字母或数字）</translation>
    </message>
    <message>
        <source>Invalid value</source>
        <translation>取值无效</translation>
    </message>
</context>
<context>
    <name>FieldKind</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Long text</source>
        <translation>长文本</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Choice</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
</context>
<context>
    <name>GroupColumn</name>
    <message>
        <source>A group you oversee</source>
        <translation>你负责的小组</translation>
    </message>
    <message>
        <source>Waiting {waiting} · urgent {urgent} · longest {wait}</source>
        <translation>排队 {waiting} · 紧急 {urgent} · 最长等待 {wait}</translation>
    </message>
    <message>
        <source>Offered {offered} · in progress {busy} · pending {pending} · online {online} / {members}</source>
        <translation>待受理 {offered} · 处理中 {busy} · 挂起 {pending} · 在线 {online} / {members}</translation>
    </message>
    <message>
        <source>Queue ({count})</source>
        <translation>队列（{count}）</translation>
    </message>
    <message>
        <source>Agents ({online} of {count} online)</source>
        <translation>客服（{count} 人中 {online} 人在线）</translation>
    </message>
    <message>
        <source>Queue of {group}</source>
        <translation>{group}的队列</translation>
    </message>
    <message>
        <source>Agents of {group}</source>
        <translation>{group}的客服</translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>GroupLoad</name>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>{name} (current group)</source>
        <translation>{name}（当前小组）</translation>
    </message>
    <message>
        <source>{online} of {members}</source>
        <translation>{online}/{members}</translation>
    </message>
</context>
<context>
    <name>GroupsAdmin</name>
    <message>
        <source>New group</source>
        <translation>新建小组</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Working hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Supervisors</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>How many tickets a member works on at once, unless set for them.</source>
        <translation>成员同时处理的工单数（未单独设置时）。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>How long an agent has to accept an offered ticket before it moves on.</source>
        <translation>坐席接受分派工单的时限，超时后转给他人。</translation>
    </message>
    <message>
        <source>Active (receives new tickets)</source>
        <translation>启用（接收新工单）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Default capacity</source>
        <translation>默认容量</translation>
    </message>
    <message>
        <source>Accept timeout</source>
        <translation>接受超时</translation>
    </message>
    <message>
        <source>Drag to paint working time; drag from a working cell to erase.</source>
        <translation>拖动以标出工作时间；从已标出的格子开始拖动则擦除。</translation>
    </message>
    <message>
        <source>A new group starts with office hours: Monday to Friday, 09:00–18:00 in its timezone. Change them before saving if the group works other hours.</source>
        <translation>新小组默认使用办公时间：周一至周五 09:00–18:00（按小组时区）。如果该小组的工作时间不同，请在保存前修改。</translation>
    </message>
    <message>
        <source>Add holiday</source>
        <translation>添加节假日</translation>
    </message>
    <message>
        <source>Remove holiday</source>
        <translation>删除节假日</translation>
    </message>
    <message>
        <source>Timezone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Holidays (closed all day)</source>
        <translation>节假日（全天休息）</translation>
    </message>
    <message>
        <source>Also list supervisors and admins</source>
        <translation>同时列出主管和管理员</translation>
    </message>
    <message>
        <source>group default</source>
        <translation>组默认</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Set capacity</source>
        <translation>设置容量</translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation>移除成员</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Add supervisor</source>
        <translation>添加主管</translation>
    </message>
    <message>
        <source>Remove supervisor</source>
        <translation>移除主管</translation>
    </message>
    <message>
        <source>Their dispatch board opens on this group. It grants no rights.</source>
        <translation>其调度看板默认打开此组；不授予任何权限。</translation>
    </message>
    <message>
        <source>“{text}” is not a date. Write it as year-month-day, e.g. 2026-10-01, or pick it on the calendar.</source>
        <translation>“{text}”不是有效日期。请按“年-月-日”填写，例如 2026-10-01，或在日历上选择。</translation>
    </message>
    <message>
        <source>Type a date, e.g. 2026-10-01, or pick one.</source>
        <translation>请输入日期（例如 2026-10-01），或在日历上选择。</translation>
    </message>
    <message>
        <source>{day} is already a holiday.</source>
        <translation>{day} 已是节假日。</translation>
    </message>
    <message>
        <source>Nothing has changed.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <source>Enter a group name.</source>
        <translation>请输入组名。</translation>
    </message>
    <message>
        <source>The description is too long.</source>
        <translation>描述太长。</translation>
    </message>
    <message>
        <source>The default capacity is a number from 1 to 1,000.</source>
        <translation>默认容量为 1 到 1000 之间的数字。</translation>
    </message>
    <message>
        <source>The accept timeout is 3 seconds to 24 hours.</source>
        <translation>接受超时为 3 秒到 24 小时。</translation>
    </message>
    <message>
        <source>Choose a timezone from the list, e.g. Asia/Shanghai.</source>
        <translation>请从列表中选择时区，例如 Asia/Shanghai。</translation>
    </message>
    <message>
        <source>Two shifts of one day overlap.</source>
        <translation>同一天的两个班次重叠。</translation>
    </message>
    <message>
        <source>The working hours are invalid.</source>
        <translation>工作时间无效。</translation>
    </message>
    <message>
        <source>Some entries are invalid.</source>
        <translation>部分输入无效。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>A group named “{name}” exists.</source>
        <translation>名为“{name}”的组已存在。</translation>
    </message>
    <message>
        <source>A capacity is a whole number from 0 to 1,000 (0: no automatic assignment), or empty for the group&apos;s default.</source>
        <translation>容量为 0 到 1000 的整数（0：不参与自动分配），留空则使用组默认值。</translation>
    </message>
    <message>
        <source>Choose a user to add.</source>
        <translation>请选择要添加的用户。</translation>
    </message>
    <message>
        <source>Choose a member in the list.</source>
        <translation>请在列表中选择成员。</translation>
    </message>
</context>
<context>
    <name>HoursGrid</name>
    <message>
        <source>Weekly working hours</source>
        <translation>每周工作时间</translation>
    </message>
</context>
<context>
    <name>HoursSummary</name>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>No working time: the group never opens.</source>
        <translation>没有工作时间：该组从不开放。</translation>
    </message>
    <message>
        <source>closed {days}</source>
        <translation>{days}休息</translation>
    </message>
    <message>
        <source>{hours} h a week</source>
        <translation>每周 {hours} 小时</translation>
    </message>
</context>
<context>
    <name>InboxPanel</name>
    <message>
        <source>Also show tickets someone is handling</source>
        <translation>同时显示已有人处理的工单</translation>
    </message>
    <message>
        <source>Nothing assigned to you right now.
New tickets for you appear here by themselves.</source>
        <translation>目前没有分配给您的工单。
新工单分配给您后会自动出现在这里。</translation>
    </message>
    <message>
        <source>No ticket is waiting in your groups&apos; queues.</source>
        <translation>您所在小组的队列中没有待处理的工单。</translation>
    </message>
    <message>
        <source>No open ticket created by you.</source>
        <translation>没有您创建的未完结工单。</translation>
    </message>
    <message>
        <source>No open tickets.</source>
        <translation>没有未完结的工单。</translation>
    </message>
    <message>
        <source>My tickets</source>
        <translation>我的工单</translation>
    </message>
    <message>
        <source>My groups&apos; queues</source>
        <translation>小组队列</translation>
    </message>
    <message>
        <source>Created by me</source>
        <translation>我创建的</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>全部未完结</translation>
    </message>
</context>
<context>
    <name>KeysAdmin</name>
    <message>
        <source>Rotate…</source>
        <translation>轮换…</translation>
    </message>
    <message>
        <source>Make a new key with the same scopes; the old one stops working at once</source>
        <translation>生成权限范围相同的新密钥；旧密钥立即失效</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>吊销…</translation>
    </message>
    <message>
        <source>e.g. telephony</source>
        <translation>例如 telephony</translation>
    </message>
    <message>
        <source>e.g. 呼叫中心 telephony</source>
        <translation>例如 呼叫中心 telephony</translation>
    </message>
    <message>
        <source>e.g. PBX hall 2</source>
        <translation>例如 二号厅交换机</translation>
    </message>
    <message>
        <source>read every ticket, look up callers</source>
        <translation>读取所有工单、查询来电客户</translation>
    </message>
    <message>
        <source>create tickets, add comments</source>
        <translation>创建工单、添加备注</translation>
    </message>
    <message>
        <source>push orders</source>
        <translation>推送订单</translation>
    </message>
    <message>
        <source>read events and the live feed</source>
        <translation>读取事件记录和实时推送</translation>
    </message>
    <message>
        <source>manage webhooks</source>
        <translation>管理 Webhook</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>Service account</source>
        <translation>服务账号</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>密钥名称</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>权限范围</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <source>A new account name makes the service account; the display name is how its events name it.</source>
        <translation>填写新的账号名即创建服务账号；显示名称会作为其事件的操作人。</translation>
    </message>
    <message>
        <source>The new key — shown this once</source>
        <translation>新密钥——仅显示这一次</translation>
    </message>
    <message>
        <source>Copy it into the other system now: it is stored only as a hash and cannot be shown again.</source>
        <translation>请立即复制到对方系统：服务器只保存其哈希值，无法再次显示。</translation>
    </message>
    <message>
        <source>Rotate key</source>
        <translation>轮换密钥</translation>
    </message>
    <message>
        <source>Make a new key for {account} and stop {prefix}… at once?</source>
        <translation>为 {account} 生成新密钥，并立即停用 {prefix}…？</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>吊销密钥</translation>
    </message>
    <message>
        <source>Revoke {prefix}… of {account}? It stops working at once.</source>
        <translation>吊销 {account} 的 {prefix}…？它将立即失效。</translation>
    </message>
    <message>
        <source>Key {prefix}… revoked.</source>
        <translation>密钥 {prefix}… 已吊销。</translation>
    </message>
    <message>
        <source>Key {prefix}… made for {account}.</source>
        <translation>已为 {account} 生成密钥 {prefix}…。</translation>
    </message>
    <message>
        <source>Key copied.</source>
        <translation>密钥已复制。</translation>
    </message>
    <message>
        <source>A service account name is 2 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.</source>
        <translation>服务账号名为 2 到 64 个字母、数字、点、短横线或下划线，以字母或数字开头。</translation>
    </message>
    <message>
        <source>Choose at least one scope.</source>
        <translation>请至少选择一个权限范围。</translation>
    </message>
    <message>
        <source>Some entries are invalid.</source>
        <translation>部分输入无效。</translation>
    </message>
    <message>
        <source>“{name}” is a person&apos;s account; keys belong to service accounts.</source>
        <translation>“{name}”是个人账号；密钥只能属于服务账号。</translation>
    </message>
    <message>
        <source>The expiry is in the past.</source>
        <translation>到期时间已过。</translation>
    </message>
</context>
<context>
    <name>Kpi</name>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>完结</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Transferred in</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>Transferred out</source>
        <translation>转出</translation>
    </message>
    <message>
        <source>Reassigned on timeout</source>
        <translation>超时重新分配</translation>
    </message>
    <message>
        <source>First response, median</source>
        <translation>首次响应（中位数）</translation>
    </message>
    <message>
        <source>First response, 90th pct.</source>
        <translation>首次响应（90 分位）</translation>
    </message>
    <message>
        <source>Handling, median</source>
        <translation>处理时长（中位数）</translation>
    </message>
    <message>
        <source>Handling, 90th pct.</source>
        <translation>处理时长（90 分位）</translation>
    </message>
    <message>
        <source>SLA breaches, first response</source>
        <translation>超时效（首次响应）</translation>
    </message>
    <message>
        <source>SLA breaches, resolution</source>
        <translation>超时效（解决）</translation>
    </message>
    <message>
        <source>SLA warnings raised</source>
        <translation>时效预警数</translation>
    </message>
    <message>
        <source>SLA breaches raised</source>
        <translation>时效超时数</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>积压</translation>
    </message>
    <message>
        <source>Oldest in backlog</source>
        <translation>积压最久</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>SLA breaches: {n}</source>
        <translation>超时效 {n} 次</translation>
    </message>
    <message>
        <source>lapsed offers: {n}</source>
        <translation>超时未受理 {n} 次</translation>
    </message>
    <message>
        <source>oldest open {age}</source>
        <translation>最久未完结 {age}</translation>
    </message>
    <message>
        <source>All chosen groups</source>
        <translation>所选小组合计</translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>Load</name>
    <message>
        <source>capacity 0</source>
        <translation>容量 0</translation>
    </message>
    <message>
        <source>%1 · capacity 0</source>
        <translation>%1 · 容量 0</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>TicketDesk</source>
        <translation>TicketDesk 工单系统</translation>
    </message>
    <message>
        <source>Customer service tickets</source>
        <translation>客服工单处理</translation>
    </message>
    <message>
        <source>host:port, e.g. 192.168.1.20:8470</source>
        <translation>主机:端口，例如 192.168.1.20:8470</translation>
    </message>
    <message>
        <source>Your username</source>
        <translation>您的用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Choose a server found on this network</source>
        <translation>选择在本网络中找到的服务器</translation>
    </message>
    <message>
        <source>&amp;Found</source>
        <translation>已发现(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Enter the server address.</source>
        <translation>请输入服务器地址。</translation>
    </message>
    <message>
        <source>Enter your username.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>No answer; trying {server}, another server of this installation…</source>
        <translation>无应答；正在尝试本系统的另一台服务器 {server}…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>It matches the fingerprint the server announced on this network.</source>
        <translation>它与服务器在本网络上公布的指纹一致。</translation>
    </message>
    <message>
        <source>WARNING: it does NOT match the fingerprint announced on this network ({announced}). Do not trust it; tell IT.</source>
        <translation>警告：它与本网络上公布的指纹（{announced}）不一致。请不要信任它，并告知 IT。</translation>
    </message>
    <message>
        <source>Compare it with the fingerprint IT gave you.</source>
        <translation>请与 IT 提供给您的指纹核对。</translation>
    </message>
    <message>
        <source>Trust this server?</source>
        <translation>信任此服务器？</translation>
    </message>
    <message>
        <source>The server {server} uses a certificate that no authority known to this computer vouches for (it is probably IT&apos;s own, self-signed).

Fingerprint of its key (SHA-256):
{pin}

{check}

Trust this server from now on?</source>
        <translation>服务器 {server} 使用的证书未经本机已知的任何证书机构认证（可能是 IT 自签的证书）。

其密钥指纹（SHA-256）：
{pin}

{check}

今后信任此服务器吗？</translation>
    </message>
    <message>
        <source>Trust this server</source>
        <translation>信任此服务器</translation>
    </message>
    <message>
        <source>Not connected: the server&apos;s certificate was not trusted.</source>
        <translation>未连接：未信任该服务器的证书。</translation>
    </message>
    <message>
        <source>“{address}” is not a server address. Enter it as host:port, e.g. 192.168.1.20:8470.</source>
        <translation>“{address}”不是有效的服务器地址。请按“主机:端口”填写，例如 192.168.1.20:8470。</translation>
    </message>
    <message>
        <source>Cannot reach a TicketDesk server at {address}. Check the address and that the server is running.</source>
        <translation>无法连接 {address} 上的 TicketDesk 服务器。请检查地址，并确认服务器正在运行。</translation>
    </message>
    <message>
        <source>The server at {address} did not answer in time. Try again; if it keeps happening, ask IT.</source>
        <translation>{address} 上的服务器没有及时响应。请重试；如果一直如此，请联系 IT。</translation>
    </message>
    <message>
        <source>{address} answered, but it is not a TicketDesk server. Check the address and port.</source>
        <translation>{address} 有响应，但不是 TicketDesk 服务器。请检查地址和端口。</translation>
    </message>
    <message>
        <source>The server speaks API version {server}; this client speaks version {client}. Ask IT to install the matching client.</source>
        <translation>服务器的接口版本是 {server}，本客户端是 {client}。请联系 IT 安装匹配的客户端。</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Too many failed attempts: logging in as this user is locked for {wait}. Try again then, or ask an admin to help.</source>
        <translation>失败次数过多：该用户的登录已被锁定 {wait}。请届时再试，或联系管理员协助。</translation>
    </message>
    <message>
        <source>Too many failed attempts. Wait a minute, then try again.</source>
        <translation>失败次数过多。请稍等一分钟再试。</translation>
    </message>
    <message>
        <source>Refused: the server at {server} presented a DIFFERENT key from the one trusted before (fingerprint now {pin}). Someone may be impersonating it. Do not log in; tell IT. If IT did replace the key, they can remove the old one from this computer&apos;s settings.</source>
        <translation>已拒绝：{server} 上的服务器出示的密钥与此前信任的密钥不同（现在的指纹为 {pin}）。可能有人在冒充它。请不要登录，并告知 IT。如果确实是 IT 更换了密钥，可由 IT 从本机设置中删除旧密钥。</translation>
    </message>
    <message>
        <source>The server is restarting its database. Try again in a few seconds.</source>
        <translation>服务器正在重启数据库，请几秒后重试。</translation>
    </message>
    <message>
        <source>Login failed: {detail}</source>
        <translation>登录失败：{detail}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <source>&amp;New ticket…</source>
        <translation>新建工单(&amp;N)…</translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>Create a ticket for a group (Ctrl+N)</source>
        <translation>给某个小组新建工单（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Load everything again from the server (F5)</source>
        <translation>从服务器重新加载全部数据（F5）</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Audit search…</source>
        <translation>审计搜索(&amp;A)…</translation>
    </message>
    <message>
        <source>Search every ticket, step and admin change</source>
        <translation>搜索所有工单、处理步骤和管理变更</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>退出登录(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Wallboard</source>
        <translation>大屏看板(&amp;W)</translation>
    </message>
    <message>
        <source>Queues of every group full screen, for the TV on the wall (F11; Esc closes)</source>
        <translation>全屏显示各小组排队情况，供墙上电视使用（F11；Esc 关闭）</translation>
    </message>
    <message>
        <source>A&amp;dministration…</source>
        <translation>系统管理(&amp;D)…</translation>
    </message>
    <message>
        <source>Users, groups and ticket types</source>
        <translation>用户、小组和工单类型</translation>
    </message>
    <message>
        <source>Command &amp;palette…</source>
        <translation>命令面板(&amp;P)…</translation>
    </message>
    <message>
        <source>Find any command, view or ticket by typing (pinyin initials work too)</source>
        <translation>输入文字即可查找任何命令、视图或工单（拼音首字母也可以）</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Customize shortcuts…</source>
        <translation>自定义快捷键(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Theme, text size, language, notifications</source>
        <translation>主题、文字大小、语言、通知</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Filter: number, title, order no., customer, name… (Ctrl+F)</source>
        <translation>筛选：工单号、标题、订单号、客户、姓名…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Quick filter</source>
        <translation>快速筛选</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Ticket</source>
        <translation>工单(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>While live, new and changed tickets appear by themselves.</source>
        <translation>实时连接时，新工单和工单变化会自动显示。</translation>
    </message>
    <message>
        <source>Online: new tickets may be assigned to you</source>
        <translation>在线：系统可以给您分配新工单</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Dispatch board</source>
        <translation>派单台</translation>
    </message>
    <message>
        <source>KPI dashboard</source>
        <translation>绩效看板</translation>
    </message>
    <message>
        <source>Audit search</source>
        <translation>审计搜索</translation>
    </message>
    <message>
        <source>{name} ({role}) @ {server}</source>
        <translation>{name}（{role}）@ {server}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● 实时更新中</translation>
    </message>
    <message>
        <source>● Connection lost, reconnecting… (the list may be behind)</source>
        <translation>● 连接中断，正在重连…（列表可能不是最新）</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation>● 未连接</translation>
    </message>
    <message>
        <source>The connection to the server is lost. Reconnecting… Until it is back, the lists may be behind and actions may fail; nothing is lost meanwhile.</source>
        <translation>与服务器的连接已中断，正在重连…… 恢复之前，列表可能不是最新，操作可能失败；已有内容不会丢失。</translation>
    </message>
    <message>
        <source>Could not load the tickets: {reason}</source>
        <translation>无法加载工单：{reason}</translation>
    </message>
    <message>
        <source>New ticket for you: #{number} {title}</source>
        <translation>有新工单分配给您：#{number} {title}</translation>
    </message>
    <message>
        <source>TicketDesk set you offline: the connection to the server was lost for too long. Tickets offered to you and not yet accepted went back to the queue.</source>
        <translation>与服务器的连接中断时间过长，系统已将您设为离线。分配给您但尚未受理的工单已退回队列。</translation>
    </message>
    <message>
        <source>You were set offline because you logged out elsewhere.</source>
        <translation>您在其他地方退出了登录，因此已被设为离线。</translation>
    </message>
    <message>
        <source>Your status was set to “{presence}” elsewhere.</source>
        <translation>您的状态已在其他地方被设为“{presence}”。</translation>
    </message>
    <message>
        <source>Go online</source>
        <translation>设为在线</translation>
    </message>
    <message>
        <source>Saved view ({count})</source>
        <translation>保存的视图（{count}）</translation>
    </message>
    <message>
        <source>Quick reply</source>
        <translation>快捷回复</translation>
    </message>
    <message>
        <source>Ticket #{number} created.</source>
        <translation>工单 #{number} 已创建。</translation>
    </message>
    <message>
        <source>Your status was not changed: {reason}</source>
        <translation>状态未能更改：{reason}</translation>
    </message>
</context>
<context>
    <name>Members</name>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>In hand</source>
        <translation>手上工单</translation>
    </message>
</context>
<context>
    <name>MembershipModel</name>
    <message>
        <source>{n} (group default)</source>
        <translation>{n}（组默认）</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
</context>
<context>
    <name>ModeSwitch</name>
    <message>
        <source>Modes</source>
        <translation>模式</translation>
    </message>
</context>
<context>
    <name>MyQuickRepliesDialog</name>
    <message>
        <source>My quick replies</source>
        <translation>我的快捷回复</translation>
    </message>
    <message>
        <source>Your own texts, for you alone. In the reply box type / and part of a name to insert one; your groups&apos; quick replies are kept by the administrators.</source>
        <translation>仅您自己可见的常用文本。在回复框中输入 / 和名称的一部分即可插入；所在小组的快捷回复由管理员维护。</translation>
    </message>
</context>
<context>
    <name>NewTicketDialog</name>
    <message>
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>One line that says what it is about</source>
        <translation>一句话说明是什么事</translation>
    </message>
    <message>
        <source>optional, e.g. TD2026110100123</source>
        <translation>选填，例如 TD2026110100123</translation>
    </message>
    <message>
        <source>Ticket &amp;type</source>
        <translation>工单类型(&amp;T)</translation>
    </message>
    <message>
        <source>T&amp;itle *</source>
        <translation>标题(&amp;I) *</translation>
    </message>
    <message>
        <source>&amp;Group</source>
        <translation>小组(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>优先级(&amp;P)</translation>
    </message>
    <message>
        <source>Details for this type</source>
        <translation>该类型需要填写的信息</translation>
    </message>
    <message>
        <source>Linked &amp;order</source>
        <translation>关联订单(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>Create ticket</source>
        <translation>创建工单</translation>
    </message>
    <message>
        <source>Would go to: {pick}</source>
        <translation>将分配给：{pick}</translation>
    </message>
    <message>
        <source>There are no ticket types yet; ask an admin.</source>
        <translation>还没有任何工单类型，请联系管理员。</translation>
    </message>
    <message>
        <source>Please correct the marked fields.</source>
        <translation>请修改标出的字段。</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>正在创建…</translation>
    </message>
    <message>
        <source>Not created yet: {reason}. Trying again in {wait}…</source>
        <translation>尚未创建：{reason}。{wait}后自动重试…</translation>
    </message>
    <message>
        <source>The server refused some fields; see the marks.</source>
        <translation>服务器不接受部分字段，请查看标记。</translation>
    </message>
    <message>
        <source>The ticket was not created: {reason}. Everything you entered is kept; press “Create ticket” to try again.</source>
        <translation>工单未能创建：{reason}。您填写的内容都已保留，请点击“创建工单”重试。</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>{action} ticket #{number}</source>
        <translation>{action}工单 #{number}</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>说明（选填）</translation>
    </message>
    <message>
        <source>What or whom are you waiting for?</source>
        <translation>在等待什么或等待谁？</translation>
    </message>
    <message>
        <source>How was it settled?</source>
        <translation>问题是如何解决的？</translation>
    </message>
    <message>
        <source>Why is it not settled?</source>
        <translation>为什么问题没有解决？</translation>
    </message>
    <message>
        <source>The note is too long (at most {max} characters).</source>
        <translation>说明太长（最多 {max} 个字符）。</translation>
    </message>
</context>
<context>
    <name>NotifyControls</name>
    <message>
        <source>Do not dis&amp;turb</source>
        <translation>免打扰(&amp;T)</translation>
    </message>
    <message>
        <source>Hold desktop messages and sounds back; they are counted and told at the end</source>
        <translation>暂不弹出桌面通知、不播放提示音；期间的通知会计数，结束时一并告知</translation>
    </message>
    <message>
        <source>&amp;Notification settings…</source>
        <translation>通知设置(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Show TicketDesk</source>
        <translation>显示 TicketDesk(&amp;S)</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>免打扰</translation>
    </message>
    <message>
        <source>Do not disturb: {count} held</source>
        <translation>免打扰：已暂存 {count} 条</translation>
    </message>
    <message>
        <source>Do not disturb: on</source>
        <translation>免打扰：已开启</translation>
    </message>
</context>
<context>
    <name>NotifyPage</name>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Tell me on the desktop, even while TicketDesk is behind other windows:</source>
        <translation>以下情况在桌面上提醒我（即使 TicketDesk 在其他窗口后面）：</translation>
    </message>
    <message>
        <source>Notify</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>提示音</translation>
    </message>
    <message>
        <source>Notify: {kind}</source>
        <translation>通知：{kind}</translation>
    </message>
    <message>
        <source>Sound: {kind}</source>
        <translation>提示音：{kind}</translation>
    </message>
    <message>
        <source>This computer has no sound output: the sound settings apply where it has.</source>
        <translation>这台电脑没有音频输出：提示音设置在有音频的电脑上生效。</translation>
    </message>
    <message>
        <source>Do not disturb (in the status bar and the tray menu) holds every message back and counts them; when it ends you get one message with what came.</source>
        <translation>免打扰（在状态栏和托盘菜单中）会暂存所有通知并计数；结束时用一条消息告诉你期间来了什么。</translation>
    </message>
    <message>
        <source>A ticket is assigned to me</source>
        <translation>有工单分配给我</translation>
    </message>
    <message>
        <source>An SLA warning or breach on my ticket</source>
        <translation>我的工单时效预警或超时</translation>
    </message>
    <message>
        <source>SLA escalations in the groups I supervise</source>
        <translation>我主管的小组中的时效升级</translation>
    </message>
    <message>
        <source>A ticket is transferred into my group</source>
        <translation>有工单转派到我的小组</translation>
    </message>
    <message>
        <source>Someone comments on my ticket</source>
        <translation>有人在我的工单上发表备注</translation>
    </message>
</context>
<context>
    <name>OrderPanel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>订单负责人</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Other tickets</source>
        <translation>该订单的其他工单</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>订单 {number}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Total {amount}</source>
        <translation>合计 {amount}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>The order system has not reported this order.</source>
        <translation>订单系统尚未提供此订单。</translation>
    </message>
</context>
<context>
    <name>Presence</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
</context>
<context>
    <name>QuickRepliesAdmin</name>
    <message>
        <source>Group</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Quick replies of the group</source>
        <translation>小组的快捷回复</translation>
    </message>
    <message>
        <source>— offered to its members when they type / in a reply</source>
        <translation>— 组员在回复中输入 / 时可选用</translation>
    </message>
</context>
<context>
    <name>QuickReplyEditor</name>
    <message>
        <source>Quick replies</source>
        <translation>快捷回复</translation>
    </message>
    <message>
        <source>New quick reply</source>
        <translation>新建快捷回复</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Typed after / in the reply box, e.g. refund</source>
        <translation>在回复框中 / 之后输入，例如 退款</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Insert:</source>
        <translation>插入：</translation>
    </message>
    <message>
        <source>Inserts {placeholder}, filled from the ticket when the reply is used</source>
        <translation>插入 {placeholder}，使用时按工单自动填写</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Zhang Wei</source>
        <translation>张伟</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>(the text as the customer reads it)</source>
        <translation>（客户看到的文字）</translation>
    </message>
    <message>
        <source>Enter a name of at most {n} characters.</source>
        <translation>请输入名称，最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Enter a text of at most {n} characters.</source>
        <translation>请输入正文，最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>Some entries are invalid.</source>
        <translation>部分内容无效。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>A quick reply named “{name}” exists already here.</source>
        <translation>这里已有名为“{name}”的快捷回复。</translation>
    </message>
    <message>
        <source>There are {n} quick replies here, as many as allowed; delete one first.</source>
        <translation>这里已有 {n} 条快捷回复，已达上限；请先删除一条。</translation>
    </message>
    <message>
        <source>This quick reply no longer exists.</source>
        <translation>该快捷回复已不存在。</translation>
    </message>
    <message>
        <source>Delete quick reply</source>
        <translation>删除快捷回复</translation>
    </message>
    <message>
        <source>Delete the quick reply “{name}”?</source>
        <translation>删除快捷回复“{name}”？</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Agent name</source>
        <translation>客服姓名</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>工单号</translation>
    </message>
</context>
<context>
    <name>QuickReplyTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改时间</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>Routing</name>
    <message>
        <source>tomorrow {time}</source>
        <translation>明天 {time}</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>open</source>
        <translation>工作中</translation>
    </message>
    <message>
        <source>closed, no shift ahead</source>
        <translation>休息中，暂无排班</translation>
    </message>
    <message>
        <source>closed, opens {time}</source>
        <translation>休息中，{time} 上班</translation>
    </message>
    <message>
        <source>{name} · {rule}</source>
        <translation>{name} · {rule}</translation>
    </message>
    <message>
        <source>held until it opens</source>
        <translation>存单，上班后分配</translation>
    </message>
    <message>
        <source>not accepting tickets</source>
        <translation>不接收工单</translation>
    </message>
    <message>
        <source>waits: nobody online with room</source>
        <translation>排队等待：无在线空闲客服</translation>
    </message>
    <message>
        <source>{name} · queue {queue} · online {online} · free {free} · {hours}</source>
        <translation>{name} · 排队 {queue} · 在线 {online} · 空闲 {free} · {hours}</translation>
    </message>
    <message>
        <source>Order {order_no}</source>
        <translation>订单 {order_no}</translation>
    </message>
    <message>
        <source>owner {name} ({groups})</source>
        <translation>负责人 {name}（{groups}）</translation>
    </message>
    <message>
        <source>owner {name}</source>
        <translation>负责人 {name}</translation>
    </message>
    <message>
        <source>handled before by {names}</source>
        <translation>曾处理：{names}</translation>
    </message>
    <message>
        <source>no owner known, not handled before</source>
        <translation>无负责人记录，未曾处理</translation>
    </message>
    <message>
        <source>order owner</source>
        <translation>订单负责人</translation>
    </message>
    <message>
        <source>handled before</source>
        <translation>曾处理</translation>
    </message>
    <message>
        <source>engine&apos;s pick ({rule})</source>
        <translation>系统将选（{rule}）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>Would go to</source>
        <translation>将分配给</translation>
    </message>
    <message>
        <source>{name} (current group)</source>
        <translation>{name}（当前小组）</translation>
    </message>
    <message>
        <source>{online} of {members}</source>
        <translation>{online} / {members}</translation>
    </message>
    <message>
        <source>The engine would now give it to: {pick}</source>
        <translation>现在系统会分配给：{pick}</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>负载</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>分配提示</translation>
    </message>
</context>
<context>
    <name>SavedViewsBar</name>
    <message>
        <source>&amp;View:</source>
        <translation>视图(&amp;V)：</translation>
    </message>
    <message>
        <source>Saved view</source>
        <translation>保存的视图</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Saved view commands</source>
        <translation>视图操作</translation>
    </message>
    <message>
        <source>&amp;Save as view…</source>
        <translation>保存为视图(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Rename view…</source>
        <translation>重命名视图(&amp;R)…</translation>
    </message>
    <message>
        <source>S&amp;hare with a group…</source>
        <translation>共享给小组(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Delete view</source>
        <translation>删除视图(&amp;D)</translation>
    </message>
    <message>
        <source>All tickets</source>
        <translation>全部工单</translation>
    </message>
    <message>
        <source>{name} ({count}) · shared with {group}</source>
        <translation>{name}（{count}）· 共享给{group}</translation>
    </message>
    <message>
        <source>Save as view</source>
        <translation>保存为视图</translation>
    </message>
    <message>
        <source>Name of the view:</source>
        <translation>视图名称：</translation>
    </message>
    <message>
        <source>Rename view</source>
        <translation>重命名视图</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Share view</source>
        <translation>共享视图</translation>
    </message>
    <message>
        <source>Members of this group see the view (read-only):</source>
        <translation>该小组的成员可看到此视图（只读）：</translation>
    </message>
    <message>
        <source>Nobody (my own)</source>
        <translation>不共享（仅自己）</translation>
    </message>
</context>
<context>
    <name>Servers</name>
    <message>
        <source>{name} ({address}) — API {version}: needs another client</source>
        <translation>{name}（{address}）— API {version}：需要另一版本的客户端</translation>
    </message>
    <message>
        <source>{name} ({address})</source>
        <translation>{name}（{address}）</translation>
    </message>
    <message>
        <source>{address} · API version {version}</source>
        <translation>{address} · API 版本 {version}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>设置页面</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>You were logged out (in another window, or by an admin). Please log in again.</source>
        <translation>您已被退出登录（在其他窗口中，或由管理员操作）。请重新登录。</translation>
    </message>
    <message>
        <source>Your session was ended: your password was changed or your account deactivated. Please log in again.</source>
        <translation>您的登录已被终止：密码已更改或账号已停用。请重新登录。</translation>
    </message>
    <message>
        <source>Your session has ended. Please log in again.</source>
        <translation>您的登录已失效，请重新登录。</translation>
    </message>
</context>
<context>
    <name>ShortcutSettings</name>
    <message>
        <source>Customize shortcuts</source>
        <translation>自定义快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>&amp;New keys:</source>
        <translation>新按键(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Default</source>
        <translation>默认(&amp;D)</translation>
    </message>
    <message>
        <source>Reset &amp;all</source>
        <translation>全部恢复默认(&amp;A)</translation>
    </message>
    <message>
        <source>{keys} already runs “{command}”. Give that one other keys first.</source>
        <translation>{keys} 已用于“{command}”。请先为它换一个按键。</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>In the reply box</source>
        <translation>在回复框中</translation>
    </message>
    <message>
        <source>Send the reply</source>
        <translation>发送回复</translation>
    </message>
    <message>
        <source>Move on to the next field</source>
        <translation>移到下一栏</translation>
    </message>
</context>
<context>
    <name>ShownOnce</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>Sla</name>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Overdue since {time}</source>
        <translation>{time} 起超时</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩 {time}</translation>
    </message>
    <message>
        <source>First response due {time}</source>
        <translation>首次响应 {time} 到期</translation>
    </message>
    <message>
        <source>First response due {time} ({left} left)</source>
        <translation>首次响应 {time} 到期（剩 {left}）</translation>
    </message>
    <message>
        <source>Resolution due {time}</source>
        <translation>解决 {time} 到期</translation>
    </message>
    <message>
        <source>Resolution due {time} ({left} left)</source>
        <translation>解决 {time} 到期（剩 {left}）</translation>
    </message>
    <message>
        <source>Resolution clock paused while pending</source>
        <translation>挂起期间解决时效暂停</translation>
    </message>
    <message>
        <source>Time left counted in the group&apos;s working hours</source>
        <translation>剩余时间按该组的工作时间计算</translation>
    </message>
    <message>
        <source>Time left counted round the clock</source>
        <translation>剩余时间按全天（24 小时）计算</translation>
    </message>
</context>
<context>
    <name>SlaPolicyEditor</name>
    <message>
        <source>SLA policy</source>
        <translation>时效规则（SLA）</translation>
    </message>
    <message>
        <source>First response target</source>
        <translation>首次响应时限</translation>
    </message>
    <message>
        <source>Resolution target</source>
        <translation>解决时限</translation>
    </message>
    <message>
        <source>Counted in</source>
        <translation>计时方式</translation>
    </message>
    <message>
        <source>Warn</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>At the warning</source>
        <translation>预警时</translation>
    </message>
    <message>
        <source>At the breach</source>
        <translation>超时时</translation>
    </message>
    <message>
        <source>the holding group&apos;s working hours</source>
        <translation>按所在组的工作时间</translation>
    </message>
    <message>
        <source>calendar minutes (round the clock)</source>
        <translation>按自然时间（全天计时）</translation>
    </message>
    <message>
        <source>of the target used</source>
        <translation>（按时限已用比例）</translation>
    </message>
    <message>
        <source>before the breach</source>
        <translation>（超时前）</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>By priority</source>
        <translation>按优先级</translation>
    </message>
    <message>
        <source>first response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>type&apos;s</source>
        <translation>沿用类型</translation>
    </message>
    <message>
        <source>0: the type&apos;s own target</source>
        <translation>0：使用该类型本身的时限</translation>
    </message>
    <message>
        <source>{priority}: first response target</source>
        <translation>{priority}：首次响应时限</translation>
    </message>
    <message>
        <source>{priority}: resolution target</source>
        <translation>{priority}：解决时限</translation>
    </message>
    <message>
        <source>Warn: measured as</source>
        <translation>预警：计算方式</translation>
    </message>
    <message>
        <source>raise priority to</source>
        <translation>优先级升为</translation>
    </message>
    <message>
        <source>notify</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>{when}: raise priority to</source>
        <translation>{when}：优先级升为</translation>
    </message>
    <message>
        <source>{when}: notify</source>
        <translation>{when}：通知</translation>
    </message>
    <message>
        <source>— no change —</source>
        <translation>— 不变 —</translation>
    </message>
    <message>
        <source>— nobody —</source>
        <translation>— 不通知 —</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>存单</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已完结</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>TicketCommands</name>
    <message>
        <source>&amp;Accept</source>
        <translation>受理(&amp;A)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续处理(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>转派(&amp;T)…</translation>
    </message>
    <message>
        <source>Set &amp;pending…</source>
        <translation>挂起(&amp;P)…</translation>
    </message>
    <message>
        <source>Re&amp;solve…</source>
        <translation>完结(&amp;S)…</translation>
    </message>
    <message>
        <source>Re&amp;open…</source>
        <translation>重新打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>回复(&amp;R)</translation>
    </message>
    <message>
        <source>Write in the reply box of the shown ticket</source>
        <translation>在当前工单的回复框中书写</translation>
    </message>
    <message>
        <source>Save reply as &amp;quick reply…</source>
        <translation>将回复存为快捷回复(&amp;Q)…</translation>
    </message>
    <message>
        <source>&amp;My quick replies…</source>
        <translation>我的快捷回复(&amp;M)…</translation>
    </message>
    <message>
        <source>Add, change or delete your own quick replies</source>
        <translation>添加、修改或删除自己的快捷回复</translation>
    </message>
    <message>
        <source>&amp;Next ticket</source>
        <translation>下一个工单(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous ticket</source>
        <translation>上一个工单(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;My tickets</source>
        <translation>我的工单(&amp;M)</translation>
    </message>
    <message>
        <source>My &amp;groups&apos; queues</source>
        <translation>我所在小组的队列(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Created by me</source>
        <translation>我创建的(&amp;C)</translation>
    </message>
    <message>
        <source>All &amp;open</source>
        <translation>全部未完结(&amp;O)</translation>
    </message>
</context>
<context>
    <name>TicketDetailView</name>
    <message>
        <source>Select a ticket to see it here.</source>
        <translation>选择一张工单，在这里查看详情。</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Write the text in the reply box first.</source>
        <translation>请先在回复框中写好内容。</translation>
    </message>
    <message>
        <source>Save as quick reply</source>
        <translation>存为快捷回复</translation>
    </message>
    <message>
        <source>Name (type / and part of it in the reply box):</source>
        <translation>名称（在回复框中输入 / 和名称的一部分即可插入）：</translation>
    </message>
    <message>
        <source>Quick reply “{name}” saved.</source>
        <translation>快捷回复“{name}”已保存。</translation>
    </message>
    <message>
        <source>(no description)</source>
        <translation>（无描述）</translation>
    </message>
</context>
<context>
    <name>TicketFacts</name>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>{time} by {name}</source>
        <translation>{time}，{name}</translation>
    </message>
    <message>
        <source>Linked order</source>
        <translation>关联订单</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>转派次数</translation>
    </message>
    <message>
        <source>Accept by</source>
        <translation>受理时限</translation>
    </message>
    <message>
        <source>Held until</source>
        <translation>存单至</translation>
    </message>
    <message>
        <source>First response due</source>
        <translation>首次响应时限</translation>
    </message>
    <message>
        <source>Resolution due</source>
        <translation>解决时限</translation>
    </message>
    <message>
        <source>paused while pending</source>
        <translation>挂起中，已暂停计时</translation>
    </message>
    <message>
        <source>{time} — overdue</source>
        <translation>{time} — 已超时</translation>
    </message>
    <message>
        <source>{time} — due soon, {left} left</source>
        <translation>{time} — 即将到期，剩 {left}</translation>
    </message>
    <message>
        <source>{time} — due soon</source>
        <translation>{time} — 即将到期</translation>
    </message>
    <message>
        <source>{time} — {left} left</source>
        <translation>{time} — 剩 {left}</translation>
    </message>
</context>
<context>
    <name>TicketHeader</name>
    <message>
        <source>{group} · handled by {agent}</source>
        <translation>{group} · 处理人：{agent}</translation>
    </message>
    <message>
        <source>{group} · not assigned yet</source>
        <translation>{group} · 尚未分配</translation>
    </message>
</context>
<context>
    <name>TicketNotice</name>
    <message>
        <source>Ticket #{number}: {text}</source>
        <translation>工单 #{number}：{text}</translation>
    </message>
</context>
<context>
    <name>TicketTable</name>
    <message>
        <source>{status} · {time}</source>
        <translation>{status} · {time}</translation>
    </message>
    <message>
        <source>Created {time}</source>
        <translation>创建于 {time}</translation>
    </message>
    <message>
        <source>Accept by {time}; after that it is offered to someone else</source>
        <translation>请在 {time} 前受理；超时将分配给其他人</translation>
    </message>
    <message>
        <source>Offered; to be accepted by {time}</source>
        <translation>已分配，须在 {time} 前受理</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>已等待</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>时效</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>{actor} created the ticket for {group} ({priority})</source>
        <translation>{actor}创建了工单，提交给{group}（{priority}）</translation>
    </message>
    <message>
        <source>{actor} created the ticket for {group}</source>
        <translation>{actor}创建了工单，提交给{group}</translation>
    </message>
    <message>
        <source>Waiting in the queue of {group}</source>
        <translation>进入{group}的队列</translation>
    </message>
    <message>
        <source>Released: {group}&apos;s shift started</source>
        <translation>{group}已上班，存单释放</translation>
    </message>
    <message>
        <source>{actor} returned it to the queue</source>
        <translation>{actor}将工单退回队列</translation>
    </message>
    <message>
        <source>{actor} accepted the ticket</source>
        <translation>{actor}受理了工单</translation>
    </message>
    <message>
        <source>{n} bytes</source>
        <translation>{n} 字节</translation>
    </message>
    <message>
        <source>{n} KB</source>
        <translation>{n} KB</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} MB</translation>
    </message>
    <message>
        <source>Held until {time}: {group} is outside working hours</source>
        <translation>存单至 {time}：{group}当前不在工作时间</translation>
    </message>
    <message>
        <source>Held: {group} is outside working hours</source>
        <translation>存单：{group}当前不在工作时间</translation>
    </message>
    <message>
        <source>{actor} commented</source>
        <translation>{actor}添加了备注</translation>
    </message>
    <message>
        <source>{actor} attached {name} ({size}) to the comment</source>
        <translation>{actor} 为备注添加了附件 {name}（{size}）</translation>
    </message>
    <message>
        <source>{actor} attached {name} ({size})</source>
        <translation>{actor} 添加了附件 {name}（{size}）</translation>
    </message>
    <message>
        <source>{actor} transferred it from {source} to {target}</source>
        <translation>{actor}将工单从{source}转派至{target}</translation>
    </message>
    <message>
        <source>{actor} set it pending</source>
        <translation>{actor}挂起了工单</translation>
    </message>
    <message>
        <source>{actor} resumed work on it</source>
        <translation>{actor}恢复处理</translation>
    </message>
    <message>
        <source>{actor} resolved the ticket</source>
        <translation>{actor}完结了工单</translation>
    </message>
    <message>
        <source>{actor} reopened the ticket</source>
        <translation>{actor}重新打开了工单</translation>
    </message>
    <message>
        <source>{actor} closed the ticket</source>
        <translation>{actor}关闭了工单</translation>
    </message>
    <message>
        <source>{actor} updated the ticket</source>
        <translation>{actor}更新了工单</translation>
    </message>
    <message>
        <source>SLA: priority raised to {priority}</source>
        <translation>时效：优先级升为{priority}</translation>
    </message>
    <message>
        <source>SLA: {group} notified</source>
        <translation>时效：已通知{group}</translation>
    </message>
    <message>
        <source>{actor}: {what}</source>
        <translation>{actor}：{what}</translation>
    </message>
    <message>
        <source>SLA warning: first response due at {time}</source>
        <translation>时效预警：首次响应须在 {time} 前</translation>
    </message>
    <message>
        <source>SLA warning: resolution due at {time}</source>
        <translation>时效预警：须在 {time} 前解决</translation>
    </message>
    <message>
        <source>SLA breached: no first response by {time}</source>
        <translation>时效超时：{time} 前未首次响应</translation>
    </message>
    <message>
        <source>SLA breached: not resolved by {time}</source>
        <translation>时效超时：{time} 前未解决</translation>
    </message>
    <message>
        <source>{agent} went offline; back to the queue</source>
        <translation>{agent}已离线，工单退回队列</translation>
    </message>
    <message>
        <source>{agent} did not accept in time; back to the queue</source>
        <translation>{agent}超时未受理，工单退回队列</translation>
    </message>
    <message>
        <source>{actor} took it back from {agent} to the queue</source>
        <translation>{actor}将工单从{agent}手中收回，退回队列</translation>
    </message>
    <message>
        <source>Assigned to {agent} automatically: owner of the order</source>
        <translation>由系统按订单负责人分配给{agent}</translation>
    </message>
    <message>
        <source>Assigned to {agent} automatically: handled this order before</source>
        <translation>由系统按上次处理人分配给{agent}</translation>
    </message>
    <message>
        <source>Assigned to {agent} automatically: least loaded</source>
        <translation>由系统按负载最低分配给{agent}</translation>
    </message>
    <message>
        <source>Assigned to {agent} automatically</source>
        <translation>自动分配给{agent}</translation>
    </message>
    <message>
        <source>{name} {load}/{capacity}</source>
        <translation>{name} {load}/{capacity}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{names} and {count} more</source>
        <translation>{names}等，另有 {count} 人</translation>
    </message>
    <message>
        <source>Candidates (load/capacity): {names}</source>
        <translation>候选客服（负载/容量）：{names}</translation>
    </message>
    <message>
        <source>Assigned over capacity ({load}/{capacity})</source>
        <translation>超出容量分配（{load}/{capacity}）</translation>
    </message>
    <message>
        <source>{actor} assigned it to {agent}</source>
        <translation>{actor}手动分配给{agent}</translation>
    </message>
    <message>
        <source>Reassigned to {agent}: not accepted in time</source>
        <translation>超时未受理，重新分配给{agent}</translation>
    </message>
    <message>
        <source>{previous} did not accept in time; reassigned to {agent} ({rule})</source>
        <translation>{previous}超时未受理，重新分配给{agent}（{rule}）</translation>
    </message>
    <message>
        <source>{actor} reassigned it from {previous} to {agent}</source>
        <translation>{actor}将工单从{previous}手中重新分配给{agent}</translation>
    </message>
    <message>
        <source>{agent} took it from the queue</source>
        <translation>{agent}从队列中领取了工单</translation>
    </message>
    <message>
        <source>Assigned to {agent}</source>
        <translation>分配给{agent}</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer ticket #{number}</source>
        <translation>转派工单 #{number}</translation>
    </message>
    <message>
        <source>Groups to transfer to</source>
        <translation>可转派的小组</translation>
    </message>
    <message>
        <source>Transfer note</source>
        <translation>转派说明</translation>
    </message>
    <message>
        <source>Why is it passed on? What has been done, what is needed? (required)</source>
        <translation>为什么转派？已经做了什么，还需要什么？（必填）</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转派</translation>
    </message>
    <message>
        <source>Send to group</source>
        <translation>转派到小组</translation>
    </message>
    <message>
        <source>Note for the receiving group</source>
        <translation>给接收小组的说明</translation>
    </message>
    <message>
        <source>In {group} now: {pick}</source>
        <translation>现在转到{group}：{pick}</translation>
    </message>
    <message>
        <source>The note is too long (at most {max} characters).</source>
        <translation>说明太长（最多 {max} 个字符）。</translation>
    </message>
</context>
<context>
    <name>TransferNoteDialog</name>
    <message>
        <source>Why it goes to that group</source>
        <translation>为什么转给该小组</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转派</translation>
    </message>
    <message>
        <source>Note (required)</source>
        <translation>备注（必填）</translation>
    </message>
</context>
<context>
    <name>TypePreview</name>
    <message>
        <source>Details for this type</source>
        <translation>此类型的详细信息</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
</context>
<context>
    <name>TypeTableModel</name>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>TypesAdmin</name>
    <message>
        <source>New type</source>
        <translation>新建类型</translation>
    </message>
    <message>
        <source>e.g. refund</source>
        <translation>例如 refund</translation>
    </message>
    <message>
        <source>Active (agents can create tickets of it)</source>
        <translation>启用（客服可以创建此类型的工单）</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Body template</source>
        <translation>正文模板</translation>
    </message>
    <message>
        <source>Default group</source>
        <translation>默认小组</translation>
    </message>
    <message>
        <source>Default priority</source>
        <translation>默认优先级</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>One option per line, each up to {n} characters</source>
        <translation>每行一个选项，每项最多 {n} 个字符</translation>
    </message>
    <message>
        <source>longest length, up to {n}</source>
        <translation>最大长度，不超过 {n}</translation>
    </message>
    <message>
        <source>Field key</source>
        <translation>字段标识</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>字段类型</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Preview of the new-ticket form</source>
        <translation>新建工单表单预览</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>— none —</source>
        <translation>— 无 —</translation>
    </message>
    <message>
        <source>new (1 once saved)</source>
        <translation>新建（保存后为 1）</translation>
    </message>
    <message>
        <source>New field</source>
        <translation>新字段</translation>
    </message>
    <message>
        <source>shortest length</source>
        <translation>最短长度</translation>
    </message>
    <message>
        <source>smallest number</source>
        <translation>最小数值</translation>
    </message>
    <message>
        <source>largest number</source>
        <translation>最大数值</translation>
    </message>
    <message>
        <source>Check the SLA policy.</source>
        <translation>请检查时效规则。</translation>
    </message>
    <message>
        <source>A key is lowercase letters, digits and underscores, starting with a letter (e.g. refund).</source>
        <translation>标识由小写字母、数字和下划线组成，以字母开头（例如 refund）。</translation>
    </message>
    <message>
        <source>Enter a name.</source>
        <translation>请输入名称。</translation>
    </message>
    <message>
        <source>Two fields have the same key; each field needs its own key.</source>
        <translation>有两个字段的标识相同；每个字段需要自己的标识。</translation>
    </message>
    <message>
        <source>This type has too many fields.</source>
        <translation>此类型的字段太多。</translation>
    </message>
    <message>
        <source>The field “{label}” needs a key of lowercase letters, digits and underscores, starting with a letter.</source>
        <translation>字段“{label}”的标识须由小写字母、数字和下划线组成，并以字母开头。</translation>
    </message>
    <message>
        <source>Field {n} needs a label.</source>
        <translation>第 {n} 个字段需要标签。</translation>
    </message>
    <message>
        <source>The choice field “{label}” needs options, one per line.</source>
        <translation>选项字段“{label}”需要选项，每行一个。</translation>
    </message>
    <message>
        <source>The choice field “{label}” lists an option twice.</source>
        <translation>选项字段“{label}”有重复的选项。</translation>
    </message>
    <message>
        <source>The choice field “{label}”: an option is longer than {n} characters.</source>
        <translation>选择字段“{label}”：有选项超过 {n} 个字符。</translation>
    </message>
    <message>
        <source>The choice field “{label}” has more than {n} options.</source>
        <translation>选择字段“{label}”的选项超过 {n} 个。</translation>
    </message>
    <message>
        <source>The field “{label}”: the longest length is {n}.</source>
        <translation>字段“{label}”：最大长度不能超过 {n}。</translation>
    </message>
    <message>
        <source>The field “{label}”: the minimum is above the maximum.</source>
        <translation>字段“{label}”：最小值大于最大值。</translation>
    </message>
    <message>
        <source>The field “{label}”: check its limits.</source>
        <translation>字段“{label}”：请检查其限制。</translation>
    </message>
    <message>
        <source>Some entries are invalid.</source>
        <translation>部分输入无效。</translation>
    </message>
    <message>
        <source>Created.</source>
        <translation>已创建。</translation>
    </message>
    <message>
        <source>Saved as version {n}.</source>
        <translation>已保存为第 {n} 版。</translation>
    </message>
    <message>
        <source>No group has this name (any more); choose another.</source>
        <translation>没有（或已不再有）这个名称的组，请另选一个。</translation>
    </message>
    <message>
        <source>Warn at a share of the target or minutes before it, not both.</source>
        <translation>预警按时限比例或超时前分钟数二选一，不能同时设置。</translation>
    </message>
    <message>
        <source>Check this value.</source>
        <translation>请检查此项。</translation>
    </message>
    <message>
        <source>The server refused the SLA policy; see above.</source>
        <translation>服务器未接受时效规则，详见上方。</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>UsersAdmin</name>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Active (can log in and be assigned tickets)</source>
        <translation>启用（可登录、可分配工单）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Leave empty to keep the password</source>
        <translation>留空则不修改密码</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>The username “{name}” is taken.</source>
        <translation>用户名“{name}”已被占用。</translation>
    </message>
    <message>
        <source>A username is 2 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.</source>
        <translation>用户名为 2 到 64 个字母、数字、点、连字符或下划线，须以字母或数字开头。</translation>
    </message>
    <message>
        <source>Enter a display name.</source>
        <translation>请输入显示名称。</translation>
    </message>
    <message>
        <source>A password needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>Some entries are invalid.</source>
        <translation>部分输入无效。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself or change your own role.</source>
        <translation>不能停用自己的账号或修改自己的角色。</translation>
    </message>
</context>
<context>
    <name>Wallboard</name>
    <message>
        <source>Group</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等待</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>Resolved today</source>
        <translation>今日完结</translation>
    </message>
    <message>
        <source>SLA breaches</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>TicketDesk wallboard</source>
        <translation>TicketDesk 大屏看板</translation>
    </message>
    <message>
        <source>Queues now</source>
        <translation>实时排队</translation>
    </message>
    <message>
        <source>Page {page} / {pages}</source>
        <translation>第 {page} / {pages} 页</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● 实时</translation>
    </message>
    <message>
        <source>● Not live: reconnecting…</source>
        <translation>● 连接中断，正在重连…</translation>
    </message>
</context>
<context>
    <name>WebhookTableModel</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Receiver URL</source>
        <translation>接收地址</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>死信</translation>
    </message>
</context>
<context>
    <name>WebhooksAdmin</name>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Rotate secret…</source>
        <translation>更换密钥…</translation>
    </message>
    <message>
        <source>A new secret, shown once; the old one also signs for a day, so the receiver can switch over</source>
        <translation>生成新密钥（只显示一次）；旧密钥仍同时签名一天，接收方可从容切换</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Redeliver selected</source>
        <translation>重新投递所选</translation>
    </message>
    <message>
        <source>Redeliver all</source>
        <translation>全部重新投递</translation>
    </message>
    <message>
        <source>Messages that kept failing for the whole retry period (24 hours by default). Redeliver sends them again, with the same webhook-id.</source>
        <translation>在整个重试期（默认 24 小时）内一直失败的消息。重新投递会以相同的 webhook-id 再次发送。</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>投递记录</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>死信</translation>
    </message>
    <message>
        <source>e.g. CRM: after-sales tickets</source>
        <translation>例如：CRM 售后工单</translation>
    </message>
    <message>
        <source>Register endpoint</source>
        <translation>登记端点</translation>
    </message>
    <message>
        <source>Receiver URL</source>
        <translation>接收地址</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>New endpoint</source>
        <translation>新端点</translation>
    </message>
    <message>
        <source>Nothing ticked sends every event, of every group. The receiver must be on a public address unless the server allows its network.</source>
        <translation>不勾选即发送所有小组的所有事件。接收方须位于公网地址，除非服务器配置允许其所在网络。</translation>
    </message>
    <message>
        <source>The signing secret — shown this once</source>
        <translation>签名密钥——只显示这一次</translation>
    </message>
    <message>
        <source>Give it to the receiver now (it verifies every message with it); it cannot be shown again.</source>
        <translation>请立即交给接收方（它用此密钥验证每条消息）；之后无法再次显示。</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Enter the receiver&apos;s URL (https://…).</source>
        <translation>请输入接收地址（https://…）。</translation>
    </message>
    <message>
        <source>Disable endpoint</source>
        <translation>停用端点</translation>
    </message>
    <message>
        <source>Stop sending to {url}? Nothing new is queued for it until it is enabled again.</source>
        <translation>停止向 {url} 发送？在重新启用之前不会再为它排入新消息。</translation>
    </message>
    <message>
        <source>Rotate secret</source>
        <translation>更换密钥</translation>
    </message>
    <message>
        <source>Make a new secret for {url}? Messages carry both signatures for a day; give the receiver the new one.</source>
        <translation>为 {url} 生成新密钥？一天内消息同时带有新旧两个签名；请把新密钥交给接收方。</translation>
    </message>
    <message>
        <source>Remove endpoint</source>
        <translation>删除端点</translation>
    </message>
    <message>
        <source>Remove {url} with its queue and its record of deliveries?</source>
        <translation>删除 {url} 及其队列和投递记录？</translation>
    </message>
    <message>
        <source>Endpoint removed.</source>
        <translation>端点已删除。</translation>
    </message>
    <message>
        <source>Secret made for {url}.</source>
        <translation>已为 {url} 生成密钥。</translation>
    </message>
    <message>
        <source>{n} dead letters sent again.</source>
        <translation>已重新投递 {n} 条死信。</translation>
    </message>
    <message>
        <source>Secret copied.</source>
        <translation>密钥已复制。</translation>
    </message>
    <message>
        <source>The server refuses this receiver: {reason}</source>
        <translation>服务器拒绝此接收地址：{reason}</translation>
    </message>
</context>
</TS>
